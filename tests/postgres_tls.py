"""A throw-away PostgreSQL cluster reached as an office PC reaches its association's server:
over TCP on 127.0.0.1, TLS with a certificate signed by a test CA (made here with
``cryptography``), a role with a password (scram-sha-256). The superuser keeps the trust
socket to make databases. Started once per run by the ``tls_server`` fixture.
"""

from __future__ import annotations

import datetime as dt
import itertools
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.postgres import SCHEMA_TEMPLATE, Server
from tests.postgres_cluster import Cluster

ROLE = "asso_chantier"
PASSWORD = "Pw-7rX2-kestrel-9041"  # grepped for in the data folder and the logs


def _certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A CA, and the server's certificate for ``localhost`` and 127.0.0.1 signed by it."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "CA de test chantier")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    ca_file, cert_file, key_file = folder / "ca.crt", folder / "server.crt", folder / "server.key"
    ca_file.write_bytes(ca.public_bytes(pem))
    cert_file.write_bytes(certificate.public_bytes(pem))
    key_file.write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    key_file.chmod(0o600)  # the server refuses a key others may read
    return ca_file, cert_file, key_file


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class TlsCluster(Cluster):
    def __init__(self) -> None:
        super().__init__()
        self.port = _free_port()
        self.client_dir = Path(tempfile.mkdtemp(prefix="chantier-pg-ca-"))
        self.ca_file: Path | None = None

    def configure(self) -> None:
        self.ca_file, cert, key = _certificates(self.client_dir)
        server_dir = self.data_dir
        for name, source in (("server.crt", cert), ("server.key", key)):
            target = server_dir / name
            target.write_bytes(source.read_bytes())
            target.chmod(0o600)
            self.run_as_owner(target)
        hba = server_dir / "pg_hba.conf"
        hba.write_text(
            "local all all trust\n"
            "hostssl all all 127.0.0.1/32 scram-sha-256\n"
            "hostnossl all all 127.0.0.1/32 scram-sha-256\n"
        )
        self.run_as_owner(hba)

    def extra_options(self) -> str:
        return (
            f" -c listen_addresses=127.0.0.1 -c port={self.port} -c ssl=on"
            " -c ssl_cert_file=server.crt -c ssl_key_file=server.key"
            " -c password_encryption=scram-sha-256"
        )

    def url(self, database: str = "postgres") -> str:
        return f"{super().url(database)}&port={self.port}"

    def stop(self) -> None:
        import shutil

        try:
            super().stop()
        finally:
            shutil.rmtree(self.client_dir, ignore_errors=True)


@dataclass
class TlsServer:
    cluster: TlsCluster
    server: Server
    role: str = ROLE
    password: str = PASSWORD

    @property
    def port(self) -> int:
        return self.cluster.port

    @property
    def ca_file(self) -> Path:
        assert self.cluster.ca_file is not None
        return self.cluster.ca_file

    def url(self, database: str, *, sslmode: str = "verify-full", password: bool = False) -> str:
        """The address an office PC is given (the password in it only when asked)."""
        secret = f":{self.password}" if password else ""
        return (
            f"postgresql://{self.role}{secret}@localhost:{self.port}/{database}"
            f"?sslmode={sslmode}&sslrootcert={self.ca_file}"
        )

    @contextmanager
    def database(self, template: str = SCHEMA_TEMPLATE) -> Iterator[str]:
        """A database copied from ``template`` that the role may read and write; its name."""
        name = f"asso_{next(_names)}"
        with self.server.admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {template}")
        import sqlalchemy as sa
        from sqlalchemy.pool import NullPool

        owner = sa.create_engine(self.cluster.url(name), poolclass=NullPool)
        try:
            with owner.begin() as conn:
                conn.exec_driver_sql(
                    f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {self.role}; "
                    f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {self.role}; "
                    f"GRANT CREATE, USAGE ON SCHEMA public TO {self.role}"
                )
        finally:
            owner.dispose()
        try:
            yield name
        finally:
            self.server.drop(name)


_names = itertools.count(1)


@pytest.fixture(scope="session")
def tls_server() -> Iterator[TlsServer]:
    cluster = TlsCluster().start()
    try:
        server = Server(cluster)
        with server.admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE ROLE {ROLE} LOGIN PASSWORD '{PASSWORD}'")
    except BaseException:
        cluster.stop()
        raise
    try:
        yield TlsServer(cluster, server)
    finally:
        server.close()
