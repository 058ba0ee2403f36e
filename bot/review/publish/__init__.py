"""Staff publish what they taught: train a candidate model in the background,
gate it on questions it was never trained on, and hand it to every running
Rasa instance through Rasa's model server mechanism (`models:` in
endpoints.yml, served by the web server at /models/live.tar.gz by ETag).

- `tables`: the database tables (training runs, releases, instances' pulls);
- `files`: where models lie and their checksums;
- `runs`: starting a training run (one at a time) and reading its progress;
- `job`: the background process of one run (workspace, `rasa train`, gate, publish);
- `gate`: the quality gate;
- `releases`: which model is live, publishing and rolling back.
"""
