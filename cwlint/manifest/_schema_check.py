"""Generated from schemas/manifest-1.schema.json by ``python -m cwlint.manifest.fastcheck``:
do not edit (a test fails when this is not what the generator writes for the shipped schema).

``is_valid(data)`` is True exactly when the data is valid against the schema (JSON equality:
1 == 1.0, but True is not 1).
"""

import re
from typing import Any


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)


_C0 = frozenset(('cloud', 'on-premise'))
_C1 = frozenset(('api_url', 'client_id', 'codebase', 'company_id', 'deployment', 'private_key', 'public_key', 'site'))
_C2 = frozenset(('identifier', 'security_role'))
_C3 = frozenset(('name', 'permissions'))
_C4 = frozenset(('add', 'customize', 'delete', 'edit', 'function', 'inquire', 'module'))
_C5 = frozenset(('allow', 'disallow'))
_C6 = frozenset(('member', 'user'))
_C7 = frozenset(('Pod', 'Tab', 'ToolbarButton'))
_C8 = frozenset(('description', 'disabled', 'height', 'origin', 'screen', 'toolbar_button_text', 'toolbar_button_tooltip', 'type', 'url'))
_C9 = frozenset(('fully-chained', 'incomplete-chain', 'self-signed', 'unknown'))
_C10 = frozenset(('allowed_ips', 'certificate', 'version'))
_C11 = frozenset(('All', 'My', 'None'))
_C12 = re.compile('^(NONE|none|MY|my|ALL|all|Mine|MINE|mine|N/A|n/a|-)$')
_C13 = (1,)
_C14 = frozenset(('api_member', 'connection', 'cwlint', 'features', 'name', 'on_premise', 'pods', 'profile', 'security_role', 'users'))

def _s1(v: Any) -> bool:
    return (isinstance(v, str) and v in _C0)


def _s2(v: Any) -> bool:
    return (isinstance(v, str)) and (not isinstance(v, str) or len(v) >= 1)


def _s3(v: Any) -> bool:
    return (isinstance(v, str))


def _d_connection(v: Any) -> bool:
    return (isinstance(v, dict)) and (not isinstance(v, dict) or (('deployment' in v and 'site' in v and 'company_id' in v and 'public_key' in v and 'private_key' in v) and ('deployment' not in v or _s1(v['deployment'])) and ('site' not in v or _s2(v['site'])) and ('api_url' not in v or _s2(v['api_url'])) and ('company_id' not in v or _s3(v['company_id'])) and ('codebase' not in v or _s3(v['codebase'])) and ('client_id' not in v or _s3(v['client_id'])) and ('public_key' not in v or _s3(v['public_key'])) and ('private_key' not in v or _s3(v['private_key'])) and v.keys() <= _C1))


def _d_api_member(v: Any) -> bool:
    return (isinstance(v, dict)) and (not isinstance(v, dict) or (('identifier' in v) and ('identifier' not in v or _s3(v['identifier'])) and ('security_role' not in v or _s3(v['security_role'])) and v.keys() <= _C2))


def _s4(v: Any) -> bool:
    return _d_permission(v)


def _s5(v: Any) -> bool:
    return (isinstance(v, list)) and (not isinstance(v, list) or all(map(_s4, v)))


def _d_security_role(v: Any) -> bool:
    return (isinstance(v, dict)) and (not isinstance(v, dict) or (('name' in v) and ('name' not in v or _s2(v['name'])) and ('permissions' not in v or _s5(v['permissions'])) and v.keys() <= _C3))


def _s6(v: Any) -> bool:
    return _d_level(v)


def _s7(v: Any) -> bool:
    return _d_customize(v)


def _d_permission(v: Any) -> bool:
    return (isinstance(v, dict)) and (not isinstance(v, dict) or (('module' in v and 'function' in v) and ('module' not in v or _s3(v['module'])) and ('function' not in v or _s3(v['function'])) and ('add' not in v or _s6(v['add'])) and ('edit' not in v or _s6(v['edit'])) and ('delete' not in v or _s6(v['delete'])) and ('inquire' not in v or _s6(v['inquire'])) and ('customize' not in v or _s7(v['customize'])) and v.keys() <= _C4))


def _s8(v: Any) -> bool:
    return (isinstance(v, list)) and (not isinstance(v, list) or all(map(_s3, v)))


def _d_customize(v: Any) -> bool:
    return (isinstance(v, dict)) and (not isinstance(v, dict) or (('allow' not in v or _s8(v['allow'])) and ('disallow' not in v or _s8(v['disallow'])) and v.keys() <= _C5))


def _d_user(v: Any) -> bool:
    return (isinstance(v, dict)) and (not isinstance(v, dict) or (('user' in v and 'member' in v) and ('user' not in v or _s2(v['user'])) and ('member' not in v or _s3(v['member'])) and v.keys() <= _C6))


def _s9(v: Any) -> bool:
    return (isinstance(v, str) and v in _C7)


def _s10(v: Any) -> bool:
    return ((isinstance(v, int) and not isinstance(v, bool) or isinstance(v, float) and v.is_integer())) and (not (isinstance(v, (int, float)) and not isinstance(v, bool)) or v >= 1)


def _s11(v: Any) -> bool:
    return (isinstance(v, bool))


def _d_pod(v: Any) -> bool:
    return (isinstance(v, dict)) and (not isinstance(v, dict) or (('description' in v and 'screen' in v and 'type' in v and 'url' in v) and ('description' not in v or _s3(v['description'])) and ('screen' not in v or _s3(v['screen'])) and ('type' not in v or _s9(v['type'])) and ('url' not in v or _s3(v['url'])) and ('origin' not in v or _s3(v['origin'])) and ('height' not in v or _s10(v['height'])) and ('toolbar_button_text' not in v or _s3(v['toolbar_button_text'])) and ('toolbar_button_tooltip' not in v or _s3(v['toolbar_button_tooltip'])) and ('disabled' not in v or _s11(v['disabled'])) and v.keys() <= _C8))


def _s12(v: Any) -> bool:
    return (isinstance(v, str) and v in _C9)


def _d_on_premise(v: Any) -> bool:
    return (isinstance(v, dict)) and (not isinstance(v, dict) or (('certificate' not in v or _s12(v['certificate'])) and ('allowed_ips' not in v or _s8(v['allowed_ips'])) and ('version' not in v or _s3(v['version'])) and v.keys() <= _C10))


def _s13(v: Any) -> bool:
    return (isinstance(v, str) and v in _C11)


def _s14(v: Any) -> bool:
    return (isinstance(v, str)) and (not isinstance(v, str) or _C12.search(v) is not None)


def _s15(v: Any) -> bool:
    return (isinstance(v, str) or (isinstance(v, (int, float)) and not isinstance(v, bool)) or isinstance(v, bool) or isinstance(v, dict) or isinstance(v, list))


def _s16(v: Any) -> bool:
    return (not _s15(v))


def _d_level(v: Any) -> bool:
    return (_s13(v) or _s14(v) or _s16(v))


def _s17(v: Any) -> bool:
    return any(_same(v, c) for c in _C13)


def _s18(v: Any) -> bool:
    return (isinstance(v, list)) and (not isinstance(v, list) or all(map(_s2, v)))


def _s19(v: Any) -> bool:
    return _d_connection(v)


def _s20(v: Any) -> bool:
    return _d_api_member(v)


def _s21(v: Any) -> bool:
    return _d_security_role(v)


def _s22(v: Any) -> bool:
    return _d_user(v)


def _s23(v: Any) -> bool:
    return (isinstance(v, list)) and (not isinstance(v, list) or all(map(_s22, v)))


def _s24(v: Any) -> bool:
    return _d_pod(v)


def _s25(v: Any) -> bool:
    return (isinstance(v, list)) and (not isinstance(v, list) or all(map(_s24, v)))


def _s26(v: Any) -> bool:
    return _d_on_premise(v)


def is_valid(v: Any) -> bool:
    return (isinstance(v, dict)) and (not isinstance(v, dict) or (('cwlint' in v and 'name' in v and 'connection' in v) and ('cwlint' not in v or _s17(v['cwlint'])) and ('name' not in v or _s2(v['name'])) and ('profile' not in v or _s2(v['profile'])) and ('features' not in v or _s18(v['features'])) and ('connection' not in v or _s19(v['connection'])) and ('api_member' not in v or _s20(v['api_member'])) and ('security_role' not in v or _s21(v['security_role'])) and ('users' not in v or _s23(v['users'])) and ('pods' not in v or _s25(v['pods'])) and ('on_premise' not in v or _s26(v['on_premise'])) and v.keys() <= _C14))
