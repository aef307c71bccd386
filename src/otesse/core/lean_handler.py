"""Calling an endpoint whose dependency tree is plain, with its questions answered once.

FastAPI's request handler asks the same questions on every request: what each dependency
is and how to call it, which request key each parameter reads, whether it is a list, how its
cache key is built. On a list request that was ~18 % of the process's CPU at 1M customers
(docs/performance.md, "Per-request overhead"). For a route whose tree holds only what this
module knows — coroutine-function dependencies, path, query and header parameters, the
Request — :func:`lean_handler` answers them when the route is built, so a request only
reads and validates its values.

The values are validated by FastAPI's own fields (``ModelField.validate``) and the errors
are raised as FastAPI raises them (a ``RequestValidationError``, in the same order), so a
response is byte for byte what FastAPI's handler gives (tests/core/test_lean_handler.py
runs both on every route this applies to). Anything else (a body, generator or sync
dependencies, Response / BackgroundTasks / SecurityScopes parameters, OAuth scopes, cookie
parameters, an endpoint that does not return a Response, dependency overrides) keeps
FastAPI's handler: :func:`lean_handler` answers None for it.
"""

import copy
import inspect
import typing
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from fastapi import Request, Response
from fastapi._compat import ModelField, get_missing_field_error
from fastapi._compat.shared import field_annotation_is_sequence
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Json

Handler = Callable[[Request], Coroutine[Any, Any, Response]]
_IMMUTABLE_DEFAULTS = (type(None), str, int, float, bool, bytes, tuple, frozenset)


class _NotPlain(Exception):
    """The tree holds something this module does not reproduce: use FastAPI's handler."""


@dataclass(frozen=True, slots=True)
class _Parameter:
    name: str
    key: str  # the key it is read under in the request (its alias)
    field: ModelField
    many: bool  # a list parameter: every value of a repeated query key
    loc: tuple[str, str]
    required: bool
    default: Any
    copy_default: bool
    validate_default: bool

    def value(self, received: Any) -> Any:
        """FastAPI's reading of a parameter: absent, or an empty list, is "not given"."""
        found = received.getlist(self.key) if self.many else received.get(self.key)
        return None if found is None or (self.many and not found) else found


@dataclass(frozen=True, slots=True)
class _Plan:
    call: Callable[..., Any]
    name: str | None
    use_cache: bool
    dependencies: tuple["_Plan", ...]
    path: tuple[_Parameter, ...]
    query: tuple[_Parameter, ...]
    headers: tuple[_Parameter, ...]
    request_names: tuple[str, ...]


def lean_handler(dependant: Dependant) -> Handler | None:
    """A handler for the route's endpoint, or None when its tree is not plain. (It knows no
    dependency overrides: the route uses FastAPI's handler while the app has any.)"""
    try:
        plan = _plan(dependant)
        _returns_response(dependant.call)
    except _NotPlain:
        return None

    async def handle(request: Request) -> Response:
        errors: list[Any] = []
        values = await _solve(plan, request, {}, errors)
        if errors:
            raise RequestValidationError(errors)
        response: Response = await plan.call(**values)
        return response

    return handle


def _plan(dependant: Dependant) -> _Plan:
    if (
        dependant.call is None
        or not _is_coroutine_function(dependant.call)
        or dependant.body_params
        or dependant.cookie_params
        or dependant.response_param_name
        or dependant.background_tasks_param_name
        or dependant.security_scopes_param_name
        or dependant.websocket_param_name
        or dependant.own_oauth_scopes
        or dependant.parent_oauth_scopes
        or dependant.concurrency is not None
    ):
        raise _NotPlain
    request_names = (dependant.request_param_name, dependant.http_connection_param_name)
    return _Plan(
        call=dependant.call,
        name=dependant.name,
        use_cache=dependant.use_cache,
        dependencies=tuple(_plan(sub) for sub in dependant.dependencies),
        path=tuple(_parameter(field, "path") for field in dependant.path_params),
        query=tuple(_parameter(field, "query") for field in dependant.query_params),
        headers=tuple(_parameter(field, "header") for field in dependant.header_params),
        request_names=tuple(name for name in request_names if name),
    )


def _parameter(field: ModelField, source: str) -> _Parameter:
    info = field.field_info
    annotation = info.annotation
    if (
        info.validation_alias is not None
        or (inspect.isclass(annotation) and issubclass(annotation, BaseModel))
        or any(type(item) is Json for item in info.metadata)
        # A header named by its Python name is read with "-" for "_": not reproduced here.
        or (source == "header" and field.alias == field.name and "_" in field.name)
    ):
        raise _NotPlain
    default = field.default
    return _Parameter(
        name=field.name,
        key=field.alias,
        field=field,
        many=source != "path" and field_annotation_is_sequence(annotation),
        loc=(source, field.alias),
        required=info.is_required(),
        default=default,
        copy_default=not isinstance(default, _IMMUTABLE_DEFAULTS),
        validate_default=bool(info.validate_default),
    )


def _is_coroutine_function(call: Callable[..., Any]) -> bool:
    if inspect.isgeneratorfunction(call) or inspect.isasyncgenfunction(call):
        return False
    if inspect.iscoroutinefunction(call):
        return True
    dunder_call = getattr(type(call), "__call__", None)  # noqa: B004 (an instance's method)
    return not inspect.isclass(call) and inspect.iscoroutinefunction(dunder_call)


def _returns_response(call: Callable[..., Any] | None) -> None:
    returned = typing.get_type_hints(call).get("return") if call is not None else None
    if not (inspect.isclass(returned) and issubclass(returned, Response)):
        raise _NotPlain


async def _solve(
    plan: _Plan, request: Request, cache: dict[Any, Any], errors: list[Any]
) -> dict[str, Any]:
    """FastAPI's solve_dependencies for a plain tree: each dependency once per request
    (when cached), a dependency whose own parameters failed is not called, and errors are
    collected in FastAPI's order (dependencies, then path, query and header parameters)."""
    values: dict[str, Any] = {}
    for sub in plan.dependencies:
        if sub.use_cache and sub.call in cache:
            solved = cache[sub.call]
        else:
            failed = len(errors)
            sub_values = await _solve(sub, request, cache, errors)
            if len(errors) > failed:
                continue
            solved = await sub.call(**sub_values)
            cache.setdefault(sub.call, solved)
        if sub.name is not None:
            values[sub.name] = solved
    for parameters, received in (
        (plan.path, request.path_params),
        (plan.query, request.query_params if plan.query else None),
        (plan.headers, request.headers if plan.headers else None),
    ):
        for parameter in parameters:
            _validate(parameter, parameter.value(received), values, errors)
    for name in plan.request_names:
        values[name] = request
    return values


def _validate(parameter: _Parameter, value: Any, values: dict[str, Any], errors: list[Any]) -> None:
    if value is None:
        if parameter.required:
            errors.append(get_missing_field_error(loc=parameter.loc))
            return
        default = parameter.default
        value = copy.deepcopy(default) if parameter.copy_default else default
        if not parameter.validate_default:
            values[parameter.name] = value
            return
    validated, found = parameter.field.validate(value, values, loc=parameter.loc)
    if found:
        errors.extend(found)
    else:
        values[parameter.name] = validated
