"""Reading a number setting from the environment, with one clear message when it is wrong."""

from __future__ import annotations

import math
from typing import Callable, Mapping, Type, TypeVar

N = TypeVar("N", int, float)


def number_from_env(
    env: Mapping[str, str],
    name: str,
    default: N,
    *,
    kind: Callable[[str], N],
    minimum: N,
    error: Type[ValueError] = ValueError,
    unit: str = "",
) -> N:
    """`env[name]` as an int or float of at least `minimum`, `default` when unset or empty.

    Raises:
        error: the value is not a number of that kind, or below `minimum`.
    """
    text = env.get(name, "").strip()
    if not text:
        return default
    what = "a whole number" if kind is int else "a number"
    described = f"{what} of {unit}" if unit else what
    try:
        value = kind(text)
    except ValueError as problem:
        raise error(f"{name}={text!r} must be {described}, at least {minimum}.") from problem
    if isinstance(value, float) and not math.isfinite(value) or value < minimum:
        raise error(f"{name}={text!r} must be {described}, at least {minimum}.")
    return value
