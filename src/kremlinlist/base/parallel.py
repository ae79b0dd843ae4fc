"""Per-file work over many files on every core: forked workers, used only when there are enough
files to pay for starting them (a file costs about 1 ms; a worker about 20 ms)."""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
import signal
from typing import Callable, Generic, NoReturn, Sequence, TypeVar

from kremlinlist.base.signals import ENDING

T = TypeVar("T")
R = TypeVar("R")
A = TypeVar("A")

PARALLEL_FROM = 400

_BEFORE_FORKING: list[Callable[[], None]] = []


def before_forking(prepare: Callable[[], None]) -> None:
    """Have `prepare` run before `fork_map` starts its workers: what each worker would otherwise
    do for itself (model.case builds Case's validator). It runs as plain code, so its errors
    and a Ctrl-C or `kill` meanwhile reach the caller (in an at-fork hook they were lost)."""
    _BEFORE_FORKING.append(prepare)


def fork_map(fn: Callable[[T], R], items: Sequence[T], *, jobs: int | None = None,
             min_items: int | None = None,
             done: Callable[[int], None] | None = None) -> list[R]:
    """`[fn(x) for x in items]`, on forked workers when it pays (from `min_items`, default
    PARALLEL_FROM); `fn` must be picklable (a module function or a functools.partial of one).
    `done(n)` is told how many items are finished as they finish (a progress bar's ticks)."""
    jobs = jobs if jobs is not None else cores()
    if jobs < 2 or len(items) < (PARALLEL_FROM if min_items is None else min_items):
        return _serial(fn, items, done)
    import multiprocessing  # only a run that forks pays for importing it

    try:
        ctx = multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform
        return _serial(fn, items, done)
    for prepare in _BEFORE_FORKING:
        prepare()
    pool = None
    try:
        # A Ctrl-C or `kill` while the pool is made comes once it is whole, here, where it is
        # ended: one inside Pool() left its workers and handler threads running, whose handler
        # forked another worker as the process exited, which then waited for ever on a lock
        with _signals_held():
            pool = ctx.Pool(jobs, initializer=_ending_signals_by_default)
        chunk = max(1, len(items) // (jobs * 8))
        if done is None:
            out = pool.map(fn, items, chunksize=chunk)
        else:
            out = []
            for result in pool.imap(fn, items, chunksize=chunk):
                out.append(result)
                done(len(out))
        pool.close()  # the workers end on their own, as a finished map lets them: no signal
    except BaseException:
        if pool is not None:
            pool.terminate()
        raise
    finally:
        if pool is not None:
            pool.join()
    return out


_HELD = (*ENDING, signal.SIGINT)


@contextlib.contextmanager
def _signals_held():
    """This thread (and the threads and processes it starts meanwhile) holds Ctrl-C and the
    ending signals: one that arrives waits, and comes at the end of the block. Pool workers are
    forked so, and unhold them only once back to the default: inherited, a handler of them
    (cli's, which ends the command as Ctrl-C does) has a worker ignore one that Python's
    after-fork reset drops, as does SIG_IGN set while a command was ending, and a pool ended by
    SIGTERM then waited for ever on a worker that never ended. The pool's own threads keep
    them held, so that they come to the main thread."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _ending_signals_by_default() -> None:
    """A pool worker's first act: the signals end it, as they end any process by default (one
    held since the fork comes now); Ctrl-C, which a terminal sends the whole group, is left to
    the parent, which ends its workers (a worker's KeyboardInterrupt printed a traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in ENDING:
        signal.signal(signum, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)


def _serial(fn: Callable[[T], R], items: Sequence[T],
            done: Callable[[int], None] | None) -> list[R]:
    if done is None:
        return [fn(x) for x in items]
    out = []
    for x in items:
        out.append(fn(x))
        done(len(out))
    return out


SPREAD_SHARE = 200  # the fewest items `spread` gives a process: a fork costs about 20 ms


def spread(fn: Callable[[T], R], items: list[T]) -> list[R]:
    """`[fn(x) for x in items]` for cheap items (a summary is a quarter of a check), shared
    between this process and a forked child per other core: a child inherits the items (nothing
    is pickled on the way in, unlike a pool's workers) and sends back only its results, so every
    core works for the price of a fork (the hook's run, 1,000 withheld files: 0.06 to 0.11 s of
    CPU less than a pool of workers, as fast or faster)."""
    share = -(-len(items) // min(cores(), max(1, len(items) // SPREAD_SHARE)))
    if share >= len(items):
        return _serial(fn, items, None)
    children = [in_child(functools.partial(_serial, fn, items[i:i + share], None))
                for i in range(share, len(items), share)]
    try:
        out = _serial(fn, items[:share], None)
        for child in children:
            out += child()
    except BaseException:  # Ctrl-C or an error here: the children's work is not wanted
        for child in children:
            child.cancel()
        raise
    return out


def cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer than exist)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def in_child(fn: Callable[[], R]) -> "Child[R]":
    """Start `fn` in a forked child, which inherits this process's memory (nothing is copied on
    the way in); calling what this returns waits for its result (pickled back through a pipe),
    and `cancel()` stops a child whose result is no longer wanted. Without fork or a second core,
    or if the fork fails, `fn` runs here at once. A child that dies without a result costs only
    time: `fn` then runs here."""
    if not hasattr(os, "fork") or cores() < 2:
        return Child(fn, result=(fn(),))
    r, w = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(r)
        os.close(w)
        return Child(fn, result=(fn(),))
    if pid == 0:
        _child(fn, w, r)
    os.close(w)
    return Child(fn, pid=pid, pipe=r)


def waiting_child(fn: Callable[[A], R]) -> "Child[R]":
    """`in_child` for `fn(arg)` whose `arg` is not known yet: the child is forked now, while this
    process holds little (so the child, and the workers it starts, inherit little), and waits
    for `Child.send(arg)`, which pickles `arg` to it. Without fork or a second core, `fn` runs
    here when the result is asked for."""
    if not hasattr(os, "fork") or cores() < 2:
        return Child(fn, waiting=True)
    r_arg, w_arg = os.pipe()
    r, w = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        for fd in (r_arg, w_arg, r, w):
            os.close(fd)
        return Child(fn, waiting=True)
    if pid == 0:
        _child(functools.partial(_sent_then_run, fn, r_arg), w, r, w_arg)
    os.close(w)
    os.close(r_arg)
    return Child(fn, pid=pid, pipe=r, waiting=True, send_to=w_arg)


def _child(compute: Callable[[], object], w: int, *unused: int) -> NoReturn:
    """The forked child: in a group of its own (with any workers it starts, so that cancel
    stops all), it writes `compute()`'s result, or the exception to raise, into `w`; it never
    returns, and never runs the parent's exit handlers."""
    try:
        os.setpgid(0, 0)
        for fd in unused:
            os.close(fd)
        try:
            payload = pickle.dumps((True, compute()), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # noqa: BLE001 - handed to the parent to raise
            payload = pickle.dumps((False, _portable(exc)))
        with os.fdopen(w, "wb") as f:
            f.write(payload)
    finally:
        os._exit(0)


def _sent_then_run(fn: Callable[[A], R], r_arg: int) -> R:
    """A waiting child's work: `fn` of the argument the parent sends (sized: the parent's later
    children hold the pipe's other end open, so no end of file comes)."""
    with os.fdopen(r_arg, "rb") as f:
        size = int.from_bytes(f.read(8), "big")
        arg = pickle.loads(f.read(size))
    return fn(arg)


class Child(Generic[R]):
    """The result of `fn`, being computed in a forked child (or already computed here)."""

    def __init__(self, fn: Callable[..., R], *, result: tuple = (), pid: int = 0,
                 pipe: int = -1, waiting: bool = False, send_to: int = -1) -> None:
        self._fn, self._result, self._pid, self._pipe = fn, result, pid, pipe
        self._local = waiting and not pid  # runs here, once `send` gave its argument
        self._send_to = send_to

    def send(self, arg: object) -> None:
        """The argument of a `waiting_child`'s function; a child that died meanwhile costs only
        time (the function then runs here)."""
        self._fn = functools.partial(self._fn, arg)
        if self._send_to < 0:
            return
        fd, self._send_to = self._send_to, -1
        data = pickle.dumps(arg, protocol=pickle.HIGHEST_PROTOCOL)
        with contextlib.suppress(BrokenPipeError), os.fdopen(fd, "wb") as f:
            f.write(len(data).to_bytes(8, "big"))
            f.write(data)

    def __call__(self) -> R:
        if not self._result:
            self._result = (self._fn() if self._local else self._wait(),)
        return self._result[0]

    def _wait(self) -> R:
        if not self._pid:
            raise RuntimeError("this child was cancelled")
        fd, self._pipe = self._pipe, -1
        try:  # unpickled as it is read: the pickled bytes are never held whole besides
            with os.fdopen(fd, "rb") as f:
                ok, value = pickle.load(f)
        except Exception:  # nothing, or cut short: the child died
            ok, value = None, None
        except BaseException:  # Ctrl-C or a termination signal here: its work is not wanted
            self._kill()
            raise
        finally:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self._pid, 0)
            self._pid = 0
        if ok is None:
            return self._fn()
        if ok:
            return value
        raise value

    def cancel(self) -> None:
        """Stop the child and the workers it started, and reap it, without waiting for what it
        computes."""
        if self._pid:
            self._kill()
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self._pid, 0)
            self._pid = 0
        self._local = False
        for fd in (self._pipe, self._send_to):
            if fd >= 0:
                os.close(fd)
        self._pipe = self._send_to = -1


    def _kill(self) -> None:
        """SIGKILL to the child's group (it and the workers it started), which it makes at once."""
        with contextlib.suppress(OSError):
            os.killpg(self._pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.kill(self._pid, signal.SIGKILL)  # if it was stopped before it made its group


def _portable(exc: BaseException) -> BaseException:
    """The exception itself if it survives a pickle round trip, else a RuntimeError naming it."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(type(exc).__name__)
