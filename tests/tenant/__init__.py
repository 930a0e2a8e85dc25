"""A ConnectWise-like HTTPS tenant for cwlint's live tests and demos (see README.md)."""

from .certs import TenantCertificates
from .server import RecordedRequest, RequestLog, Scenario, TenantServer
from .tenant import (
    CANARY_CLIENT_ID,
    CANARY_PRIVATE_KEY,
    CANARY_PUBLIC_KEY,
    ONESTREAM_API_MEMBER,
    ONESTREAM_ROLE,
    Tenant,
    realistic_tenant,
)

__all__ = [
    "CANARY_CLIENT_ID",
    "CANARY_PRIVATE_KEY",
    "CANARY_PUBLIC_KEY",
    "ONESTREAM_API_MEMBER",
    "ONESTREAM_ROLE",
    "RecordedRequest",
    "RequestLog",
    "Scenario",
    "Tenant",
    "TenantCertificates",
    "TenantServer",
    "realistic_tenant",
]
