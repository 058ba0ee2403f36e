"""The website chat: a small aiohttp server for the town's pages.

It serves the demo page, the embeddable widget (`/widget.js`), its static
files, the furigana API and the widget's configuration. The widget itself
talks to the Rasa server over Rasa's socket.io channel. Routes come from
feature modules listed in `bot.web.app.FEATURES`.
"""
