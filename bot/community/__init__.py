"""Daily question, streaks, points, study groups and leaderboards.

Platform-agnostic: no chat SDK is imported here; adapters render the data.
"""
from bot.community.clock import ManualClock, SystemClock
from bot.community.community import AnswerResult, Community
from bot.community.daily import DailyRecap, DailyRecord
from bot.community.leaderboard import Board, BoardRow
from bot.community.pool import PoolQuestion
from bot.community.refs import ChannelRef, Refusal
from bot.community.scheduler import DailyPost, DailyScheduler
from bot.community.settings import DailySettings
from bot.community.streaks import StreakInfo

__all__ = [
    "AnswerResult", "Board", "BoardRow", "ChannelRef", "Community", "DailyPost", "DailyRecap",
    "DailyRecord", "DailyScheduler", "DailySettings", "ManualClock", "PoolQuestion", "Refusal",
    "StreakInfo", "SystemClock",
]
