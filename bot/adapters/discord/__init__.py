"""The Discord adapter: discord.py events in, the coach's replies out as embeds and buttons.

translate.py turns messages and interactions into `Event`s, embeds.py turns
replies into `Outgoing` messages (both pure); bot.py, commands.py, views.py,
delivery.py and daily.py do the talking to Discord.
"""
