"""Slack adapter: bolt AsyncApp + translate (payload -> Event, Reply -> Block Kit).

    app.py        builds the bolt app (authorize, signing secret, listeners)
    listeners.py  ack, translate, ask the coach, send
    translate.py  payload -> Event (pure)      blocks.py  Reply -> Block Kit (pure)
    routing.py    where a reply goes           daily.py   the channel daily question loop
    people.py     users.info: names, admins    channels.py  conversations.info: is the bot in?
    mrkdwn.py     Slack's text rules (pure)    emoji.py   `:shortcodes:` back to emoji (pure)
    run.py / cli.py  `coach slack`
"""
