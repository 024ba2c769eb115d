"""What held in a worker's sandbox, layer by layer, as the worker itself found it."""

from __future__ import annotations

import msgspec


class Layer(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One restriction: whether it holds in the worker, and how (or why not) in words."""

    held: bool
    detail: str


class SandboxStatus(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Every layer of a worker's sandbox.

    - `user`: a separate unprivileged uid (only where the server runs as root);
    - `network`: a network namespace of its own, with no interface up;
    - `temp_dir`: a private 0700 `TMPDIR`, removed after the job;
    - `files`: writes confined to that temp dir (Landlock);
    - `syscalls`: the seccomp filter (`sandbox.seccomp`);
    - `no_new_privs`: no exec can ever grant privileges again;
    - `limits`: the resource limits (memory, CPU, open files, file size, no core dumps).
    """

    user: Layer
    network: Layer
    temp_dir: Layer
    files: Layer
    syscalls: Layer
    no_new_privs: Layer
    limits: Layer

    def layers(self) -> dict[str, Layer]:
        """Each layer by its field name, in order."""
        return {name: getattr(self, name) for name in self.__struct_fields__}

    def summary(self) -> str:
        """One line for the log: each layer's name, then its detail or what failed."""
        return "; ".join(
            f"{name}: {layer.detail}" if layer.held else f"{name}: NOT HELD ({layer.detail})"
            for name, layer in self.layers().items()
        )

    def missing(self) -> list[str]:
        """The names of the layers that did not hold."""
        return [name for name, layer in self.layers().items() if not layer.held]
