"""pytest fixtures for the fake tenant.

Register them from ``tests/conftest.py`` with either::

    pytest_plugins = ["tests.tenant.fixtures"]
    # or
    from tests.tenant.fixtures import *  # noqa: F403

Certificates and the generated realistic tenant are made once per session; every test gets
its own deep copy of the tenant and its own server, so mutations and scenarios never leak.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest

from .certs import TenantCertificates
from .server import TenantServer
from .tenant import Tenant, realistic_tenant

__all__ = [
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


@pytest.fixture
def tenant(pristine_realistic_tenant: Tenant) -> Tenant:
    """A fresh realistic tenant (5000 members, 200 roles, 300 hosted setups) to mutate."""
    return pristine_realistic_tenant.copy()


@pytest.fixture
def tenant_server(tenant: Tenant, tenant_certs: TenantCertificates) -> Iterator[TenantServer]:
    """A started, healthy server for ``tenant``; stopped after the test."""
    with TenantServer(tenant, tenant_certs) as server:
        yield server


@pytest.fixture
def other_tenant_server(tenant_certs: TenantCertificates) -> Iterator[TenantServer]:
    """A second, small server with the same CA: the "another host" of redirect tests
    (use ``other_tenant_server.site_url`` for a different host name *and* port)."""
    small = realistic_tenant(members=50, roles=25, hosted_setups=10)
    with TenantServer(small, tenant_certs) as server:
        yield server
