"""The key file ``chantier-cles.json``: the data key wrapped once per account and once by
the recovery key. Pure cryptography and one JSON file: no SQL, no Qt.

Each slot derives 64 bytes from its secret (an account's password, or the recovery key)
with argon2id (RFC 9106, its own random salt): the first half is the AES-256-GCM key that
wraps the data key, the SHA-256 of the second half is kept as ``check``. So a wrong
password (``check`` differs) is told apart from a slot whose bytes were changed (``check``
right, the authentication tag wrong). The whole file carries an HMAC under a key derived
from the data key: once a slot opens, a slot added, removed or renamed by hand shows.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from chantier_app.db.cipher import KEY_BYTES, KEY_FILENAME, EncryptedDataError
from chantier_app.i18n import tr

FORMAT = "chantier-cles"
VERSION = 1
RECOVERY = "secours"  # the recovery key's slot
_RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's: no I, L, O, U
_RECOVERY_GROUPS, _GROUP = 8, 4  # 32 characters of 5 bits: 160 random bits
_NONCE = 12
_SALT = 16


class KeyFileError(EncryptedDataError):
    """The key file cannot give the data key (its message says why, in French)."""


class KeyFileMissingError(KeyFileError):
    pass


class KeyFileDamagedError(KeyFileError):
    pass


class WrongSecretError(KeyFileError):
    """A wrong password, an unknown login, or a wrong recovery key."""


def wrong_password_message() -> str:
    # The same words as a refused log-in: the file does not tell which logins exist.
    return tr("Identifiant ou mot de passe incorrect.")


def wrong_recovery_message() -> str:
    return tr(
        "Clé de secours incorrecte : vérifiez chaque groupe de caractères de la feuille de "
        "secours (les lettres O et I se lisent 0 et 1)."
    )


def missing_message(path: Path) -> str:
    return tr(
        "Fichier de clés absent : {path} n'existe pas. Les données chiffrées ne s'ouvrent "
        "qu'avec lui : copiez {name} depuis le dossier des sauvegardes ou la clé USB qui "
        "contient la sauvegarde."
    ).format(path=path, name=KEY_FILENAME)


def damaged_message(path: Path, reason: str) -> str:
    return tr(
        "Fichier de clés endommagé ou modifié : {path} ({reason}). Remettez la copie du "
        "dossier des sauvegardes ou de la clé USB, ou ouvrez les données avec la clé de "
        "secours."
    ).format(path=path, reason=reason)


@dataclass(frozen=True)
class Argon2Params:
    """argon2id's cost: RFC 9106's second recommendation (64 MiB, 3 passes, 4 lanes)."""

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 4


@dataclass(frozen=True)
class Slot:
    name: str  # « compte-12 » or « secours »
    staff_id: int | None
    login: str | None  # found before the database can be read (normalised)
    salt: bytes
    nonce: bytes
    ciphertext: bytes  # the data key and GCM's tag
    check: bytes
    params: Argon2Params = field(default_factory=Argon2Params)


@dataclass(frozen=True)
class KeyFile:
    slots: tuple[Slot, ...]
    mac: bytes = b""

    def slot(self, name: str) -> Slot | None:
        return next((s for s in self.slots if s.name == name), None)

    def slot_for_login(self, login: str) -> Slot | None:
        wanted = login.strip().casefold()
        return next((s for s in self.slots if s.login and s.login == wanted), None)

    def with_slot(self, slot: Slot) -> KeyFile:
        """The same file with ``slot`` added or replacing the slot of its name (not sealed)."""
        kept = tuple(s for s in self.slots if s.name != slot.name)
        return KeyFile((*kept, slot))

    def without(self, name: str) -> KeyFile:
        return KeyFile(tuple(s for s in self.slots if s.name != name))

    def renamed(self, name: str, login: str) -> KeyFile:
        """The slot ``name`` now found under ``login`` (the wrapped key is unchanged)."""
        return KeyFile(
            tuple(
                replace(s, login=login.strip().casefold()) if s.name == name else s
                for s in self.slots
            )
        )


def account_slot(staff_id: int) -> str:
    return f"compte-{staff_id}"


# Secrets ---------------------------------------------------------------------------------------
def new_data_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def new_recovery_key() -> str:
    """« 7K2M-XQ9D-… »: eight groups of four characters, 160 random bits."""
    chars = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_GROUPS * _GROUP))
    return "-".join(chars[i : i + _GROUP] for i in range(0, len(chars), _GROUP))


def normalise_recovery_key(text: str) -> str:
    """What was typed, as printed: upper case, O read 0, I and L read 1, grouped by four."""
    kept = "".join(c for c in text.upper() if c.isalnum())
    kept = kept.translate(str.maketrans("OIL", "011"))
    return "-".join(kept[i : i + _GROUP] for i in range(0, len(kept), _GROUP))


# One log-in's derivation --------------------------------------------------------------------
# argon2id at RFC 9106's cost takes 0.25-0.7 s: the encrypted log-in unwraps the account's
# slot with the password typed, then the account's own check (``accounts.authenticate``)
# asks that slot again with the same password. The first derivation is kept in memory for
# that second ask only: taken once, dropped by ``forget_log_in()`` once the log-in is over
# or after _KEPT_SECONDS, never written anywhere. It is found by an HMAC of the slot's salt,
# its costs and the secret under a key of this process: the memo holds no password.
_KEPT_SECONDS = 60.0
_memo_key = secrets.token_bytes(32)
_memo_lock = threading.Lock()
_memo: dict[bytes, tuple[float, tuple[bytes, bytes]]] = {}


def _memo_id(secret: str, salt: bytes, params: Argon2Params) -> bytes:
    mac = hmac.new(_memo_key, digestmod=hashlib.sha256)
    for part in (salt, repr(params).encode(), secret.encode("utf-8")):
        mac.update(len(part).to_bytes(4, "big") + part)
    return mac.digest()


def _remember(secret: str, salt: bytes, params: Argon2Params, derived: tuple[bytes, bytes]) -> None:
    with _memo_lock:
        _memo[_memo_id(secret, salt, params)] = (time.monotonic(), derived)


def _take(secret: str, salt: bytes, params: Argon2Params) -> tuple[bytes, bytes] | None:
    with _memo_lock:
        found = _memo.pop(_memo_id(secret, salt, params), None)
    if found is None or time.monotonic() - found[0] > _KEPT_SECONDS:
        return None
    return found[1]


def forget_log_in() -> None:
    """Drop what a log-in kept for its own second check (done, refused or abandoned)."""
    with _memo_lock:
        _memo.clear()


def _derive(secret: str, salt: bytes, params: Argon2Params) -> tuple[bytes, bytes]:
    from argon2.low_level import Type, hash_secret_raw

    kept = _take(secret, salt, params)
    if kept is not None:
        return kept
    derived = hash_secret_raw(
        secret.encode("utf-8"),
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=64,
        type=Type.ID,
    )
    return derived[:32], hashlib.sha256(derived[32:]).digest()


def _aad(name: str) -> bytes:
    # The slot's name is authenticated: a slot copied under another account's name fails.
    return f"{FORMAT}/{VERSION}/{name}".encode()


def wrap(
    data_key: bytes,
    secret: str,
    *,
    name: str,
    staff_id: int | None = None,
    login: str | None = None,
    params: Argon2Params | None = None,
) -> Slot:
    """A slot that gives ``data_key`` back to whoever knows ``secret``."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if len(data_key) != KEY_BYTES:
        raise ValueError("a data key has 32 bytes")
    params = params or Argon2Params()
    salt, nonce = secrets.token_bytes(_SALT), secrets.token_bytes(_NONCE)
    wrapping, check = _derive(secret, salt, params)
    sealed = AESGCM(wrapping).encrypt(nonce, data_key, _aad(name))
    normalised = login.strip().casefold() if login else None
    return Slot(name, staff_id, normalised, salt, nonce, sealed, check, params)


def unwrap(slot: Slot, secret: str, *, path: Path, wrong: str, remember: bool = False) -> bytes:
    """The data key from ``slot``; ``wrong`` is the message when ``secret`` is not its own.

    ``remember``: a log-in that will check the same password on this slot once more (see
    ``forget_log_in``); only a derivation that opened the slot is kept."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    wrapping, check = _derive(secret, slot.salt, slot.params)
    if not hmac.compare_digest(check, slot.check):
        raise WrongSecretError(wrong)
    try:
        key = AESGCM(wrapping).decrypt(slot.nonce, slot.ciphertext, _aad(slot.name))
    except InvalidTag:
        raise KeyFileDamagedError(
            damaged_message(path, tr("la clé de ce compte a été altérée"))
        ) from None
    if len(key) != KEY_BYTES:
        raise KeyFileDamagedError(damaged_message(path, tr("clé de longueur inattendue")))
    if remember:
        _remember(secret, slot.salt, slot.params, (wrapping, check))
    return key


# Sealing: the HMAC over every slot -------------------------------------------------------------
def _mac_key(data_key: bytes) -> bytes:
    return hmac.new(data_key, f"{FORMAT}/mac".encode(), hashlib.sha256).digest()


def _mac(slots: tuple[Slot, ...], data_key: bytes) -> bytes:
    body = json.dumps([_slot_json(s) for s in slots], sort_keys=True).encode()
    return hmac.new(_mac_key(data_key), body, hashlib.sha256).digest()


def seal(keys: KeyFile, data_key: bytes) -> KeyFile:
    return KeyFile(keys.slots, _mac(keys.slots, data_key))


def verify(keys: KeyFile, data_key: bytes, path: Path) -> None:
    if not hmac.compare_digest(keys.mac, _mac(keys.slots, data_key)):
        raise KeyFileDamagedError(
            damaged_message(path, tr("un compte y a été ajouté, retiré ou modifié à la main"))
        )


def open_with_password(
    keys: KeyFile, login: str, password: str, path: Path, *, remember: bool = False
) -> bytes:
    """The data key for an account's log-in; the file's seal checked with it."""
    slot = keys.slot_for_login(login)
    if slot is None or slot.name == RECOVERY:
        raise WrongSecretError(wrong_password_message())
    key = unwrap(slot, password, path=path, wrong=wrong_password_message(), remember=remember)
    verify(keys, key, path)
    return key


def open_with_recovery_key(keys: KeyFile, text: str, path: Path) -> bytes:
    slot = keys.slot(RECOVERY)
    if slot is None:
        raise KeyFileDamagedError(damaged_message(path, tr("la clé de secours n'y est plus")))
    key = unwrap(slot, normalise_recovery_key(text), path=path, wrong=wrong_recovery_message())
    verify(keys, key, path)
    return key


# The file --------------------------------------------------------------------------------------
def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _slot_json(slot: Slot) -> dict[str, Any]:
    return {
        "nom": slot.name,
        "compte_id": slot.staff_id,
        "identifiant": slot.login,
        "kdf": {
            "algorithme": "argon2id",
            "sel": _b64(slot.salt),
            "passes": slot.params.time_cost,
            "memoire_kio": slot.params.memory_kib,
            "parallelisme": slot.params.parallelism,
        },
        "chiffrement": "AES-256-GCM",
        "nonce": _b64(slot.nonce),
        "cle_chiffree": _b64(slot.ciphertext),
        "controle": _b64(slot.check),
    }


def dumps(keys: KeyFile) -> bytes:
    document = {
        "format": FORMAT,
        "version": VERSION,
        "emplacements": [_slot_json(s) for s in keys.slots],
        "sceau": _b64(keys.mac),
    }
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def loads(data: bytes, path: Path) -> KeyFile:
    try:
        document = json.loads(data.decode("utf-8"))
        if document.get("format") != FORMAT:
            raise ValueError("format")
        if document.get("version") != VERSION:
            raise KeyFileDamagedError(
                damaged_message(path, tr("version {v} inconnue").format(v=document.get("version")))
            )
        slots = tuple(_slot_from(s) for s in document["emplacements"])
        mac = base64.b64decode(document["sceau"], validate=True)
    except KeyFileError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        raise KeyFileDamagedError(damaged_message(path, tr("contenu illisible"))) from None
    return KeyFile(slots, mac)


def _slot_from(item: dict[str, Any]) -> Slot:
    kdf = item["kdf"]
    if kdf["algorithme"] != "argon2id" or item["chiffrement"] != "AES-256-GCM":
        raise ValueError("algorithm")
    staff_id = item["compte_id"]
    if staff_id is not None and not isinstance(staff_id, int):
        raise ValueError("compte_id")
    params = Argon2Params(int(kdf["passes"]), int(kdf["memoire_kio"]), int(kdf["parallelisme"]))
    decode = base64.b64decode
    return Slot(
        str(item["nom"]), staff_id, item["identifiant"], decode(kdf["sel"], validate=True),
        decode(item["nonce"], validate=True), decode(item["cle_chiffree"], validate=True),
        decode(item["controle"], validate=True), params,
    )  # fmt: skip


def load(path: Path) -> KeyFile:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise KeyFileMissingError(missing_message(path)) from None
    return loads(data, path)


def save(path: Path, data: bytes) -> None:
    """Write ``data`` atomically (a temporary file renamed over), readable by its owner only."""
    fd, temporary = tempfile.mkstemp(prefix=".cles-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:  # mkstemp's file is already mode 0600
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if os.name == "posix":
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
