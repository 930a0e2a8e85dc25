"""Test certificates made with trustme: root CA -> intermediate CA -> leaf.

The leaf is valid for ``127.0.0.1``, ``::1``, ``localhost`` and ``*.localhost``.  A healthy
server presents leaf + intermediate (a client trusting only the root verifies it); the
``incomplete_chain`` scenario presents the leaf alone (the same client must fail).
"""

from __future__ import annotations

import shutil
import ssl
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import trustme

__all__ = ["TenantCertificates"]

LEAF_IDENTITIES: tuple[str, ...] = ("127.0.0.1", "::1", "localhost", "*.localhost")


@dataclass
class TenantCertificates:
    """PEM files on disk for one CA hierarchy; share one instance between servers."""

    directory: Path
    ca_pem_path: Path  #: root CA only: what ``--ca-bundle`` should get
    intermediate_pem_path: Path
    leaf_key_path: Path
    full_chain_path: Path  #: leaf + intermediate
    leaf_only_path: Path  #: leaf without the intermediate
    _owns_directory: bool = field(default=False, repr=False)

    @classmethod
    def create(cls, directory: str | Path | None = None) -> TenantCertificates:
        """Generate a fresh hierarchy into ``directory`` (a new temp dir if None)."""
        owns = directory is None
        path = Path(tempfile.mkdtemp(prefix="cw-tenant-certs-") if directory is None else directory)
        path.mkdir(parents=True, exist_ok=True)
        root = trustme.CA(organization_name="cwlint test root CA")
        intermediate = root.create_child_ca()
        leaf = intermediate.issue_cert(*LEAF_IDENTITIES, organization_name="cwlint test tenant")
        chain = leaf.cert_chain_pems  # [leaf, intermediate]
        files = {
            "ca.pem": root.cert_pem.bytes(),
            "intermediate.pem": intermediate.cert_pem.bytes(),
            "leaf.key": leaf.private_key_pem.bytes(),
            "fullchain.pem": b"".join(c.bytes() for c in chain),
            "leaf-only.pem": chain[0].bytes(),
        }
        for name, data in files.items():
            (path / name).write_bytes(data)
        (path / "leaf.key").chmod(0o600)
        return cls(
            directory=path,
            ca_pem_path=path / "ca.pem",
            intermediate_pem_path=path / "intermediate.pem",
            leaf_key_path=path / "leaf.key",
            full_chain_path=path / "fullchain.pem",
            leaf_only_path=path / "leaf-only.pem",
            _owns_directory=owns,
        )

    def server_context(self, *, incomplete_chain: bool = False) -> ssl.SSLContext:
        """A server-side context presenting the full chain, or the leaf alone."""
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.set_alpn_protocols(["http/1.1"])
        cert = self.leaf_only_path if incomplete_chain else self.full_chain_path
        ctx.load_cert_chain(certfile=str(cert), keyfile=str(self.leaf_key_path))
        return ctx

    def client_context(self) -> ssl.SSLContext:
        """A verifying client context that trusts only the root CA."""
        return ssl.create_default_context(cafile=str(self.ca_pem_path))

    def cleanup(self) -> None:
        """Delete the directory if :meth:`create` made it."""
        if self._owns_directory:
            shutil.rmtree(self.directory, ignore_errors=True)
