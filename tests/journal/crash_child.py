"""Child process for the crash test: appends from several threads and reports each id
on stdout only after its append future resolved (i.e. after the commit returned)."""

import sys
import threading

from console.journal.store import JournalStore


def main() -> None:
    path, console = sys.argv[1], sys.argv[2]
    store = JournalStore(path, console).open()
    out_lock = threading.Lock()

    def report(future):
        entry = future.result()
        with out_lock:
            sys.stdout.write(entry.id + "\n")
            sys.stdout.flush()

    def worker(n: int) -> None:
        i = 0
        while True:
            i += 1
            fut = store.append("operator.note", {"text": f"w{n} #{i}", "pad": "x" * (i % 50)},
                               operator=f"op{n}")
            fut.add_done_callback(report)
            if i % 8 == 0:
                fut.result()  # keep the queue short so kills land mid-commit

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(4)]
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    for t in threads:
        t.start()
    threads[0].join()


if __name__ == "__main__":
    main()
