"""`make bench`: a report, not a timed test (nothing here asserts a time).

Stages (python -m bot.bench --stages ...), each writing var/bench/<stage>.json
so that any of them can be re-run alone; the report docs/benchmarks.md (and
docs/benchmarks-latency.png) is rebuilt from whatever results exist:

- training: `rasa train` from scratch in a temporary copy, then after one
  answer changed (Rasa's cache)          -> bot.bench.training
- latency: REST latency and throughput at 1, 10 and 50 residents, one
  instance vs two behind nginx             -> bot.bench.serving
- memory, startup: RSS per process, start-up times -> bot.bench.serving
- nlu: held-out accuracy of our model, Rasa's default pipeline without
  GiNZA and a BM25 FAQ search              -> bot.bench.nlu_baseline
"""
