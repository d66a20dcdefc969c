"""Settings: defaults in ``config.yml``, every key overridable by ``HALO_<SECTION>__<KEY>``."""

from __future__ import annotations

import os
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    YamlConfigSettingsSource,
)

from backend.core.document_settings import DocumentSettings
from backend.core.policies import PPA_AGENCY, PPA_SERVICE

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CONFIG_FILE = Path(os.environ.get("HALO_CONFIG_FILE", PROJECT_ROOT / "config.yml"))
DEMO_SECRET = "demo-only-signing-key-change-me-in-production"  # 32+ bytes: HS256's minimum
PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "demo", "secret", "dev-secret-change-me",
                       DEMO_SECRET}


class Environment(StrEnum):
    DEMO = "demo"
    TEST = "test"
    PRODUCTION = "production"


class OfficeHours(BaseModel):
    start: str = "08:00"
    end: str = "16:00"
    weekdays: list[int] = Field(default_factory=lambda: [0, 1, 2, 3, 4])


class WorkflowSettings(BaseModel):
    timezone: str = "Asia/Jakarta"
    office_hours: OfficeHours = Field(default_factory=OfficeHours)
    return_deadline_days: int = 3
    extra_holidays: list[str] = Field(default_factory=list)
    extra_working_days: list[str] = Field(default_factory=list)


class AuthSettings(BaseModel):
    secret_key: str = DEMO_SECRET
    token_minutes: int = 720
    regency_agency: str = "diskominfo"  # the regency-wide console admin's agency (demo data)


class NluSettings(BaseModel):
    url: str = "http://127.0.0.1:5005"
    timeout_ms: int = 300


class TelegramSettings(BaseModel):
    token: str = ""
    api_base: str = "https://api.telegram.org"
    webhook_secret: str = ""


class TwilioSettings(BaseModel):
    account_sid: str = ""
    auth_token: str = ""
    whatsapp_from: str = ""
    api_base: str = "https://api.twilio.com"
    template_content_sid: str = ""


class StorageSettings(BaseModel):
    root: str = "var/media"
    link_ttl_seconds: int = Field(default=900, ge=60, le=86_400)


class UnitAlertSettings(BaseModel):
    """Who is alerted for one unit and how fast it escalates when nobody answers."""

    telegram_chat_ids: list[int | str] = Field(default_factory=list)
    ack_timeout_seconds: int = 60  # re-alert and call the shift commander
    kasie_after_seconds: int = 120
    kabid_after_seconds: int = 180


class AlertSettings(BaseModel):
    damkar: UnitAlertSettings = Field(default_factory=UnitAlertSettings)
    ppa: UnitAlertSettings = Field(default_factory=UnitAlertSettings)
    twilio_from: str = ""  # the Twilio number for SMS and voice calls
    duplicate_radius_meters: int = 1000
    duplicate_window_minutes: int = 30
    board_watch_seconds: int = 15  # a console board live this recently counts as reachable
    delivery_timeout_seconds: int = 20  # no alert delivered by then: "call 113/112 now"


class WorkerSettings(BaseModel):
    """The background loops of each app process (inbox, outbox, timers, spool replay)."""

    inbox_concurrency: int = 4  # dialog turns at once per process on PostgreSQL (threads)
    nice: int = Field(default=10, ge=0, le=19)  # CPU priority below the web processes


class SpoolSettings(BaseModel):
    dir: str = "var/spool"  # WhatsApp messages received while the database was down


class PbbSettings(BaseModel):
    gateway: str = "synthetic"  # synthetic | http
    base_url: str = ""
    timeout_ms: int = 3000
    penalty_rate_per_month: float = 0.01
    penalty_max_months: int = 24


class PaymentSettings(BaseModel):
    gateway: str = "embedded"  # embedded | http
    base_url: str = ""
    api_key: str = ""
    timeout_ms: int = 5000
    billing_valid_hours: int = Field(default=168, ge=1, le=24 * 60)
    plans_file: str = "catalog/payments.yml"


class HandoffSettings(BaseModel):
    """Live agent takeover: queue, alerts, reassignment, hours, PPA policy."""

    call_center_agency: str = "diskominfo"
    heartbeat_timeout_seconds: int = 60
    answer_timeout_seconds: int = 300
    average_handle_minutes: int = 6
    ppa_policy: Literal["agent", "bot"] = "agent"  # agent: a PPA report goes to PPA agents
    ppa_services: list[str] = Field(default_factory=lambda: [PPA_SERVICE])
    ppa_agency: str = PPA_AGENCY
    ppa_head_role: str = "manajer-kasus"
    hours: OfficeHours = Field(default_factory=lambda: OfficeHours(start="07:00", end="21:00",
                                                                   weekdays=[0, 1, 2, 3, 4, 5, 6]))


class Settings(BaseSettings):
    """Every setting of the product. See config.yml for the documented defaults."""

    model_config = SettingsConfigDict(
        env_prefix="HALO_",
        env_nested_delimiter="__",
        yaml_file=CONFIG_FILE,
        extra="ignore",
    )

    environment: Environment = Environment.DEMO
    database_url: str = "sqlite:///var/halo.db"
    redis_url: str = ""
    public_url: str = "http://127.0.0.1:8000"
    catalog_dir: str = ""
    log_level: str = "INFO"
    dev_chat: bool | None = None  # None: on in the demo environment only
    auth: AuthSettings = Field(default_factory=AuthSettings)
    workflow: WorkflowSettings = Field(default_factory=WorkflowSettings)
    nlu: NluSettings = Field(default_factory=NluSettings)
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    twilio: TwilioSettings = Field(default_factory=TwilioSettings)
    storage: StorageSettings = Field(default_factory=StorageSettings)
    workers: WorkerSettings = Field(default_factory=WorkerSettings)
    spool: SpoolSettings = Field(default_factory=SpoolSettings)
    pbb: PbbSettings = Field(default_factory=PbbSettings)
    alerts: AlertSettings = Field(default_factory=AlertSettings)
    handoff: HandoffSettings = Field(default_factory=HandoffSettings)
    documents: DocumentSettings = Field(default_factory=DocumentSettings)
    payments: PaymentSettings = Field(default_factory=PaymentSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, YamlConfigSettingsSource(settings_cls))

    @model_validator(mode="after")
    def _production_refuses_placeholders(self) -> Settings:
        if self.environment is Environment.PRODUCTION:
            if self.auth.secret_key in PLACEHOLDER_SECRETS or len(self.auth.secret_key) < 32:
                raise ValueError("production needs HALO_AUTH__SECRET_KEY (32+ characters)")
            if self.telegram.token and not self.telegram.webhook_secret:
                raise ValueError("production needs HALO_TELEGRAM__WEBHOOK_SECRET with a token")
            if self.payments.gateway == "embedded":  # its e-billing codes are known to no bank
                raise ValueError("production needs HALO_PAYMENTS__GATEWAY=http (the bank's API)")
        return self

    @property
    def dev_chat_enabled(self) -> bool:
        """The browser test chat at /dev/chat: explicit setting, else demo only."""
        return self.environment is Environment.DEMO if self.dev_chat is None else self.dev_chat

    def resolved_path(self, relative: str) -> Path:
        """A path setting made absolute against the project root."""
        path = Path(relative)
        return path if path.is_absolute() else PROJECT_ROOT / path

    def sqlalchemy_url(self) -> str:
        """The database URL, with relative SQLite paths anchored at the project root."""
        url = self.database_url
        prefix = "sqlite:///"
        if url.startswith(prefix) and not url.startswith(prefix + "/") and ":memory:" not in url:
            return prefix + str(self.resolved_path(url[len(prefix):]))
        if url.startswith("postgresql://"):
            return "postgresql+psycopg://" + url[len("postgresql://"):]
        return url


@lru_cache
def get_settings(**overrides: Any) -> Settings:
    """The process-wide settings (tests pass overrides or set env vars and clear the cache)."""
    return Settings(**overrides)
