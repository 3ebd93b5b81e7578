# The seed document's example, with the clients it uses imported so calls resolve to libraries.
import logging

import psycopg
import redis
import requests

db = psycopg.connect("dbname=app")
cache = redis.Redis()
api = requests.Session()
log = logging.getLogger(__name__)


class DatabaseError(Exception):
    pass


def handle_user_request(user_id):
    """处理用户请求"""
    try:
        # 高重要性：外部数据库调用
        user = db.query_user(user_id)

        if user.is_premium():
            # 中重要性：复杂业务逻辑
            result = process_premium_user(user)
        else:
            # 低重要性：简单快速路径
            result = process_normal_user(user)

        return result
    except DatabaseError as e:
        # 高重要性：错误处理
        log.error(f"Database error: {e}")
        return default_response()


def process_premium_user(user):
    # 高重要性：多个外部调用
    preferences = cache.get(user.id)
    recommendations = api.fetch_recommendations(user.id)
    return generate_response(preferences, recommendations)


def process_normal_user(user):
    # 低重要性：简单逻辑
    return {"status": "ok", "user_id": user.id}


def generate_response(preferences, recommendations):
    return {"preferences": preferences, "recommendations": recommendations}


def default_response():
    return {"status": "error"}
