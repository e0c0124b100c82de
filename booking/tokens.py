"""Private manage links.

The link's token is an HMAC of a random 256-bit salt (from `secrets`) under the server's
SECRET_KEY. The database keeps the salt and the token's SHA-256, never the token: a copy of the
database alone opens no appointment, yet every email (confirmation, reminder…) can carry the link.
Rotating the salt (on reschedule) kills the old link. Changing SECRET_KEY kills all links.
"""

import base64
import hashlib
import hmac
import secrets

from django.utils.crypto import salted_hmac


def new_token_salt() -> str:
    return secrets.token_urlsafe(32)


def token_for(salt: str) -> str:
    digest = salted_hmac("booking.manage-link", salt, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def hashes_match(stored_hash: str, token: str) -> bool:
    return hmac.compare_digest(stored_hash, hash_token(token))


def new_token_fields() -> dict:
    """Fields to save on an appointment for a fresh link."""
    salt = new_token_salt()
    return {"token_salt": salt, "token_hash": hash_token(token_for(salt))}


def new_reference() -> str:
    """A short code founders and advisers can read out on the phone (no 0/O, 1/I)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "RDV-" + "".join(secrets.choice(alphabet) for _ in range(6))
