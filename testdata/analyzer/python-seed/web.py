from flask import Flask
from opentelemetry import trace

from app import handle_user_request

app = Flask(__name__)
tracer = trace.get_tracer(__name__)


@app.route("/users/<user_id>", methods=["GET"])
def get_user(user_id):
    with tracer.start_as_current_span("load_user"):
        return handle_user_request(user_id)


@app.post("/users")
def create_user():
    for _ in range(3):
        handle_user_request("new")
    return {"status": "created"}
