"""Deployment files: Streamlit's settings, the systemd unit, the nginx site, and the README that explains them."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def test_streamlit_settings_for_hosting():
    config = tomllib.loads((ROOT / ".streamlit/config.toml").read_text())
    assert config["server"]["headless"] is True
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"].get("enableCORS", True) is True  # left at its default
    assert 1 <= config["server"]["maxUploadSize"] <= 200
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["toolbarMode"] == "viewer"


def test_nginx_site_forwards_the_websocket_and_the_upload_size():
    site = (ROOT / "deploy/nginx.conf").read_text()
    for line in ("proxy_http_version 1.1;", "proxy_set_header Upgrade $http_upgrade;",
                 "proxy_set_header Connection $connection_upgrade;", "proxy_set_header Host $host;",
                 "location = /_stcore/health", 'add_header Referrer-Policy "same-origin" always;'):
        assert line in site, line
    upload = tomllib.loads((ROOT / ".streamlit/config.toml").read_text())["server"]["maxUploadSize"]
    assert f"client_max_body_size {upload}m;" in site


def test_systemd_unit_runs_the_dashboard_on_loopback_unprivileged():
    unit = (ROOT / "deploy/who-says-what.service").read_text()
    for section in ("[Unit]", "[Service]", "[Install]"):
        assert section in unit
    assert re.search(r"^ExecStart=\S+python -m streamlit run dashboard\.py", unit, re.M)
    assert "--server.address 127.0.0.1" in unit
    assert re.search(r"^User=(?!root)\w+", unit, re.M) and "NoNewPrivileges=yes" in unit
    assert "EnvironmentFile=-/etc/who-says-what.env" in unit


def test_every_setting_the_dashboard_reads_is_documented():
    glue = (ROOT / "ui.py", ROOT / "dashboard.py", ROOT / "analysis/logs.py", *sorted((ROOT / "pages").glob("*.py")))
    ui = "\n".join(p.read_text() for p in glue)
    from analysis import config

    settings = ({config.setting(name).env for name in re.findall(r'config\.value\("(\w+)"\)', ui)}
                | set(re.findall(r'(?:\bui\.|(?<![.\w]))secret\("(\w+)"\)', ui)))
    assert {"DATABASE_URL", "WSW_DB", "WSW_PASSWORD", "WSW_LOG_LEVEL", "password", "auth"} <= settings
    for name in settings:
        assert f"`{name}`" in README or f"`[{name}]`" in README, name
    example = (ROOT / "deploy/secrets.toml.example").read_text()
    for name in ("DATABASE_URL", "password", "[auth]", "redirect_uri", "cookie_secret"):
        assert name in example, name
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text()


def test_readme_explains_deploying_and_sharing():
    section = README[README.index("## Deploy and share"):README.index("## Architecture")]
    for topic in ("Community Cloud", "DATABASE_URL", "deploy/who-says-what.service", "deploy/nginx.conf",
                  "/_stcore/health", "Logs", "share link", "Revoke", "st.login", "WSW_PASSWORD"):
        assert topic in section, topic
