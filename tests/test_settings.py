import brotli
import pytest
from django.conf import settings
from whitenoise.compress import Compressor


def test_sqlite_is_tuned_for_concurrent_bookings():
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite-only settings")
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert db["OPTIONS"]["timeout"] >= 20
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]


def test_no_atomic_requests_and_french_time():
    assert not settings.DATABASES["default"].get("ATOMIC_REQUESTS")
    assert settings.LANGUAGE_CODE == "fr"
    assert settings.TIME_ZONE == "Europe/Paris"
    assert settings.USE_TZ


def test_whitenoise_makes_brotli_files_at_collectstatic():
    """Browsers get Bootstrap's CSS as 22 KB of brotli instead of 30 of gzip: WhiteNoise writes
    `.br` files only when the `brotli` package is installed (a requirement)."""
    assert Compressor(quiet=True).use_brotli
    css = b".card{display:flex}" * 200
    assert brotli.decompress(Compressor.compress_brotli(css)) == css
