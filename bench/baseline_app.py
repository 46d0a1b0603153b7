"""The benchmark's baseline (issue 13, item 1): bare Flask + Flask-SQLAlchemy, one insert and one small page.

    BASELINE_DATABASE_URL=sqlite:////tmp/baseline.db gunicorn -w 2 -b 127.0.0.1:8001 bench.baseline_app:app

What a web framework and an ORM cost with nothing else: ``POST /insert`` validates a small JSON body,
inserts one row and answers it as JSON (3 statements: BEGIN, INSERT, COMMIT); ``GET /page/<id>``
reads one row by its key and renders a small HTML page. The suite's figures are divided by these.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from flask import Flask, abort, render_template_string, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Item(db.Model):  # type: ignore[name-defined]
    __tablename__ = "baseline_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=lambda: datetime.now(UTC))


PAGE = """<!doctype html><html lang="id"><head><meta charset="utf-8"><title>{{ item.code }}</title></head>
<body><h1>{{ item.title }}</h1><p>{{ item.body }}</p><p>{{ item.created_at }}</p></body></html>"""


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("BASELINE_DATABASE_URL", "sqlite:///baseline.db")
    db.init_app(app)
    with app.app_context():
        db.create_all()

    @app.post("/insert")
    def insert():
        data = request.get_json(silent=True) or {}
        title, body, code = data.get("title"), data.get("body"), data.get("code")
        if not all(isinstance(v, str) and 0 < len(v) <= 200 for v in (title, code)) or not isinstance(body, str):
            abort(422)
        item = Item(code=code, title=title, body=body)
        db.session.add(item)
        db.session.commit()
        return {"id": item.id, "code": item.code, "title": item.title}, 201

    @app.get("/page/<int:item_id>")
    def page(item_id: int):
        item = db.session.get(Item, item_id) or abort(404)
        return render_template_string(PAGE, item=item)

    return app


app = create_app()
