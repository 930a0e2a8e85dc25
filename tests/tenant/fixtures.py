"""pytest fixtures for the fake tenant.

Register them from ``tests/conftest.py`` with either::

    pytest_plugins = ["tests.tenant.fixtures"]
    # or
    from tests.tenant.fixtures import *  # noqa: F403

Certificates, the generated realistic tenant and the servers are made once per session (per
xdist worker); every test gets its own deep copy of the tenant, served by the session's server
reset for it (healthy scenario, empty log, no connection of the test before), so mutations and
scenarios never leak. ``fresh_tenant_server`` is a server of the test's own, for tests of the
server's life cycle (stopping it).
"""

from __future__ import annotations

import gc
import pickle
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest

from .certs import TenantCertificates
from .server import TenantServer
from .tenant import Tenant, realistic_tenant

__all__ = [
    "_pickled_tenants",
    "_session_servers",
    "fresh_tenant_server",
    "other_tenant_server",
    "pristine_realistic_tenant",
    "tenant",
    "tenant_ca_bundle",
    "tenant_certs",
    "tenant_server",
    "tenant_ssl_context",
]


@pytest.fixture(scope="session")
def tenant_certs(tmp_path_factory: pytest.TempPathFactory) -> TenantCertificates:
    """Root CA -> intermediate -> leaf for 127.0.0.1/::1/localhost/*.localhost."""
    return TenantCertificates.create(tmp_path_factory.mktemp("cw-tenant-certs"))


@pytest.fixture(scope="session")
def tenant_ca_bundle(tenant_certs: TenantCertificates) -> Path:
    """Path of the root CA PEM (what ``--ca-bundle`` takes)."""
    return tenant_certs.ca_pem_path


@pytest.fixture(scope="session")
def tenant_ssl_context(tenant_certs: TenantCertificates) -> ssl.SSLContext:
    """A verifying client context trusting only the test root CA."""
    return tenant_certs.client_context()


@pytest.fixture(scope="session")
def pristine_realistic_tenant() -> Tenant:
    """The session's template tenant: never mutate it, use ``tenant`` (a copy) instead."""
    return realistic_tenant()


@pytest.fixture(scope="session")
def _pickled_tenants(pristine_realistic_tenant: Tenant) -> tuple[bytes, bytes]:
    """The template and the small "other host" tenant, pickled once: a test's deep copy is
    then one ``pickle.loads`` (``Tenant.copy`` pickles the template again every time)."""
    small = realistic_tenant(members=50, roles=25, hosted_setups=10)
    protocol = pickle.HIGHEST_PROTOCOL
    return pickle.dumps(pristine_realistic_tenant, protocol), pickle.dumps(small, protocol)


def _unpickled(data: bytes) -> Tenant:
    """A deep copy from the pickled template. The collector waits meanwhile: unpickling creates
    some 100,000 objects, and the full collections they would set off (each walking the whole
    heap) cost more than the copy itself."""
    gc.disable()
    try:
        copy: Tenant = pickle.loads(data)
    finally:
        gc.enable()
    return copy


@pytest.fixture
def tenant(_pickled_tenants: tuple[bytes, bytes]) -> Tenant:
    """A fresh realistic tenant (5000 members, 200 roles, 300 hosted setups) to mutate."""
    return _unpickled(_pickled_tenants[0])


@pytest.fixture(scope="session")
def _session_servers(
    tenant_certs: TenantCertificates, pristine_realistic_tenant: Tenant
) -> Iterator[tuple[TenantServer, TenantServer]]:
    """The session's two servers (the tenant's and "another host"), each test resets them."""
    with (
        TenantServer(pristine_realistic_tenant, tenant_certs) as main,
        TenantServer(pristine_realistic_tenant, tenant_certs) as other,
    ):
        yield main, other


def _serving(server: TenantServer, tenant: Tenant) -> Iterator[TenantServer]:
    server.start()  # again, if a test stopped it (on another port then)
    server.reset(tenant)
    yield server
    server.reset()  # ends the test's hangs and connections now, not at the next test


@pytest.fixture
def tenant_server(
    tenant: Tenant, _session_servers: tuple[TenantServer, TenantServer]
) -> Iterator[TenantServer]:
    """A started, healthy server for ``tenant`` (the session's, reset for this test)."""
    yield from _serving(_session_servers[0], tenant)


@pytest.fixture
def other_tenant_server(
    _pickled_tenants: tuple[bytes, bytes], _session_servers: tuple[TenantServer, TenantServer]
) -> Iterator[TenantServer]:
    """A second server with a small tenant and the same CA: the "another host" of redirect
    tests (use ``other_tenant_server.site_url`` for a different host name *and* port)."""
    yield from _serving(_session_servers[1], _unpickled(_pickled_tenants[1]))


@pytest.fixture
def fresh_tenant_server(tenant: Tenant, tenant_certs: TenantCertificates) -> Iterator[TenantServer]:
    """A started, healthy server of this test's own, stopped after it: for tests that stop
    it or need a new one (use ``tenant_server`` otherwise)."""
    with TenantServer(tenant, tenant_certs) as server:
        yield server
