"""The shared database's address: parsed, checked field by field in French, written back
without its password."""

from __future__ import annotations

import pytest

from chantier_app.db.server_url import (
    DEFAULT_PORT,
    ENV,
    ServerTarget,
    ServerUrlError,
    parse,
    parse_server_url,
    server_target,
    target_from_dict,
)


def test_a_full_url_gives_every_field_and_its_password_apart() -> None:
    target, password = parse_server_url(
        "postgresql://chantier:s%40cret@serveur.asso.fr:5433/asso_nord"
        "?sslmode=verify-ca&sslrootcert=/etc/chantier/ca.crt"
    )
    assert target == ServerTarget(
        host="serveur.asso.fr",
        port=5433,
        database="asso_nord",
        user="chantier",
        sslmode="verify-ca",
        sslrootcert="/etc/chantier/ca.crt",
    )
    assert password == "s@cret"
    assert "s@cret" not in target.url() and "cret" not in repr(target)
    assert target.url() == (
        "postgresql+psycopg://chantier@serveur.asso.fr:5433/asso_nord"
        "?sslmode=verify-ca&sslrootcert=/etc/chantier/ca.crt"
    )


def test_defaults_are_port_5432_and_a_verified_certificate() -> None:
    target, password = parse_server_url("postgres://chantier@db.local/asso")
    assert (target.port, target.sslmode, target.sslrootcert) == (DEFAULT_PORT, "verify-full", None)
    assert password is None
    assert target.verifies_certificate


def test_the_default_port_is_left_out_and_the_shown_form_hides_the_password() -> None:
    found = parse("postgresql://chantier:Tr%C3%A8s-secret@pg.asso.fr/asso?sslmode=verify-full")
    assert found.url == "postgresql+psycopg://chantier@pg.asso.fr/asso?sslmode=verify-full"
    assert found.shown == "postgresql://chantier:***@pg.asso.fr/asso?sslmode=verify-full"
    assert found.password == "Très-secret" and "secret" not in repr(found)
    assert found.hide("FATAL: Très-secret refused") == "FATAL: *** refused"


def test_without_an_address_the_environment_s_is_read(monkeypatch) -> None:
    with pytest.raises(ServerUrlError, match="Adresse du serveur absente"):
        parse("")
    monkeypatch.setenv(ENV, "postgresql://chantier@/asso?host=/run/postgresql")
    assert parse(None).host == "/run/postgresql"


def test_a_server_on_the_network_must_verify_its_certificate_not_this_machine() -> None:
    for local in ("localhost", "127.0.0.1", "[::1]"):
        assert parse_server_url(f"postgresql://u@{local}/b?sslmode=disable")[0].on_this_machine
    with pytest.raises(ServerUrlError) as refused:
        server_target(host="192.168.1.10", database="b", user="u", sslmode="prefer")
    assert refused.value.field == "sslmode"


def test_a_url_written_back_reads_the_same() -> None:
    for url in (
        "postgresql://é.lodie@[::1]:6000/base%20un?sslmode=require",
        "postgresql://chantier@/asso?host=/run/postgresql&port=5433",
    ):
        target, _ = parse_server_url(url)
        assert parse_server_url(target.url())[0] == target
    socket_target, _ = parse_server_url("postgresql://chantier@/asso?host=/run/postgresql")
    assert socket_target.socket and socket_target.host == "/run/postgresql"


def test_a_password_in_the_query_is_taken_out_too() -> None:
    target, password = parse_server_url("postgresql://u@localhost/b?password=abc&sslmode=prefer")
    assert password == "abc" and "abc" not in target.url()


@pytest.mark.parametrize(
    ("url", "field", "words"),
    [
        ("mysql://u@h/b", "url", "postgresql://"),
        ("postgresql://u@h/b?sslcert=x", "url", "« sslcert » inconnu"),
        ("postgresql://u@/b", "host", "Hôte : indiquez"),
        ("postgresql://u@ser veur/b", "host", "« ser veur » n'est pas un nom de serveur"),
        ("postgresql://u@h:99999/b", "port", "Port : « 99999 »"),
        ("postgresql://u@h:abc/b", "port", "Port : « abc »"),
        ("postgresql://u@h/", "database", "Base : le nom de la base manque"),
        ("postgresql://u@h/" + "b" * 64, "database", "Base : 63 caractères au plus"),
        ("postgresql://h/b", "user", "Utilisateur : indiquez le rôle"),
        ("postgresql://u@h/b?sslmode=require", "sslmode", "doit vérifier le certificat"),
        ("sqlite:///chantier.sqlite3", "url", "pas par « sqlite »"),
        ("postgresql://u@h/b?sslmode=verify", "sslmode", "Sslmode : « verify »"),
    ],
)
def test_a_wrong_url_names_the_field_in_french(url: str, field: str, words: str) -> None:
    with pytest.raises(ServerUrlError) as refused:
        parse_server_url(url)
    assert refused.value.field == field
    assert words in refused.value.message


def test_the_form_s_fields_are_checked_in_order_and_trimmed() -> None:
    target = server_target(
        host=" serveur.local ", port=" ", database=" asso ", user="chantier", sslmode=""
    )
    assert (target.host, target.port, target.database, target.sslmode) == (
        "serveur.local",
        5432,
        "asso",
        "verify-full",
    )
    with pytest.raises(ServerUrlError) as refused:
        server_target(host="", port="x", database="", user="")
    assert refused.value.field == "host"


def test_a_hand_edited_file_is_checked_again() -> None:
    target = server_target(host="h", database="b", user="u", port=5433)
    assert target_from_dict(target.as_dict()) == target
    with pytest.raises(ServerUrlError) as refused:
        target_from_dict({**target.as_dict(), "user": "a@b"})
    assert refused.value.field == "user" and "non permis" in refused.value.message
