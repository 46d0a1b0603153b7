"""Extension objects, created without an app and wired in ``create_app``."""

from typing import TYPE_CHECKING

from flask_babel import Babel
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData

from suite.security.storage import AppLimiter

# Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=naming_convention))
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
# Redis when SUITE_REDIS_URL is set (all workers share the counts), else this process's memory;
# each app keeps its own storage (suite.security.storage), though route decorators bind to this one object.
limiter = AppLimiter(get_remote_address)

if TYPE_CHECKING:
    # Type checkers cannot see through ``db.Model`` (an attribute made at run time), so they are shown
    # the declarative base it is: every mapped class inherits ``Model``, which is ``db.Model`` when running.
    from sqlalchemy.orm import DeclarativeBase

    class Model(DeclarativeBase):
        pass

else:
    Model = db.Model
