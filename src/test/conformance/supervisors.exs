# Supervisors as OTP runs them: the scenarios of runtime.SupervisorConformanceTest, each printing the lines that
# test prints from the runtime. Its output is the record the test compares with:
#   elixir src/test/conformance/supervisors.exs > src/test/resources/conformance/supervisors.txt
# (recorded with Elixir 1.14 on OTP 25). A probe child traps exits (unless started plain) and records its starts,
# numbered, and its terminates; a plan makes a child's nth start fail ({:stop, :bad_config}) or return :ignore.
Logger.configure(level: :none)
:logger.set_primary_config(:level, :none)

Code.require_file("supervision_probe.exs", __DIR__)

defmodule T do
  def spec(id, restart \\ :permanent, extra \\ %{}),
    do: Map.merge(%{id: id, start: {P, :start_link, [id]}, restart: restart}, extra)
  def pid(sup, id), do: Enum.find_value(Supervisor.which_children(sup), fn {^id, p, _, _} -> p; _ -> nil end)
  def wc(sup), do: Enum.map(Supervisor.which_children(sup), fn {id, p, _, _} -> {id, if(is_pid(p), do: :pid, else: p)} end)
  def cc(sup), do: Supervisor.count_children(sup)
  def sync(sup), do: :sys.get_state(sup) # the sup handled everything queued before
  def start_sup(children, opts) do
    Process.flag(:trap_exit, true)
    {:ok, sup} = Supervisor.start_link(children, opts)
    sup
  end
  def sup_down(sup) do
    receive do {:EXIT, ^sup, r} -> r after 2000 -> :alive end
  end
  def down(ref), do: (receive do {:DOWN, ^ref, _, _, r} -> P.norm(r) after 2000 -> :no_down end)
  def show(name, v), do: IO.puts("#{name}: #{inspect(v)}")
  def ev_filter(), do: Ev.events()
  # what a child API call answers, a pid as :pid; a failed start_child's {:error, {reason, child}} as
  # {:error, reason} (OTP wraps the reason with the child's internal record, which the runtime's exception does not
  # carry)
  def answer({:ok, p}) when is_pid(p), do: {:ok, :pid}
  def answer({:error, {:already_started, p}}) when is_pid(p), do: {:error, {:already_started, :pid}}
  def answer({:error, {r, child}}) when elem(child, 0) == :child, do: {:error, r}
  def answer(other), do: other
  # waits until pid's mailbox holds n messages
  def queued(pid, n) do
    case Process.info(pid, :message_queue_len) do
      {:message_queue_len, ^n} -> :ok
      _ -> Process.sleep(1); queued(pid, n)
    end
  end
end

Ev.start()
Process.flag(:trap_exit, true)

# A: one_for_all, crash b: terminate order, restart order, counts
Ev.reset()
sup = T.start_sup(Enum.map([:a, :b, :c, :d], &T.spec/1), strategy: :one_for_all)
Ev.reset()
P.crash(T.pid(sup, :b)); T.sync(sup)
T.show("A events", Ev.events())
T.show("A wc", T.wc(sup)); T.show("A cc", T.cc(sup))
Supervisor.stop(sup)

# B: rest_for_one with temporary b; crash a
Ev.reset()
sup = T.start_sup([T.spec(:a), T.spec(:b, :temporary), T.spec(:c), T.spec(:d)], strategy: :rest_for_one)
Ev.reset()
P.crash(T.pid(sup, :a)); T.sync(sup)
T.show("B events", Ev.events())
T.show("B wc", T.wc(sup)); T.show("B cc", T.cc(sup))
Supervisor.stop(sup)

# C: one_for_all; b fails on its 2nd start; crash c
Ev.reset(%{b: %{fail: [2]}})
sup = T.start_sup([T.spec(:a), T.spec(:b), T.spec(:c)], strategy: :one_for_all, max_restarts: 3)
Ev.reset(%{b: %{fail: [2]}}); Agent.update(Ev, fn s -> %{s | starts: %{a: 1, b: 1, c: 1}} end)
P.crash(T.pid(sup, :c)); T.sync(sup); T.sync(sup)
T.show("C events", Ev.events())
T.show("C wc", T.wc(sup)); T.show("C cc", T.cc(sup))
Supervisor.stop(sup)

# C2: one_for_all; b fails from its 2nd start on; intensity 2; crash c
Ev.reset(%{b: %{fail_from: 2}})
sup = T.start_sup([T.spec(:a), T.spec(:b), T.spec(:c)], strategy: :one_for_all, max_restarts: 2)
Ev.reset(%{b: %{fail_from: 2}}); Agent.update(Ev, fn s -> %{s | starts: %{a: 1, b: 1, c: 1}} end)
P.crash(T.pid(sup, :c))
T.show("C2 sup exit", T.sup_down(sup))
T.show("C2 events", Ev.events())

# C3: rest_for_one; c fails on its 2nd start; children a b c d; crash b
Ev.reset(%{c: %{fail: [2]}})
sup = T.start_sup([T.spec(:a), T.spec(:b), T.spec(:c), T.spec(:d)], strategy: :rest_for_one, max_restarts: 3)
Ev.reset(%{c: %{fail: [2]}}); Agent.update(Ev, fn s -> %{s | starts: %{a: 1, b: 1, c: 1, d: 1}} end)
P.crash(T.pid(sup, :b)); T.sync(sup); T.sync(sup)
T.show("C3 events", Ev.events())
T.show("C3 wc", T.wc(sup))
Supervisor.stop(sup)

# D: permanent a ignores its 2nd start; crash a
Ev.reset(%{a: %{ignore: [2]}})
sup = T.start_sup([T.spec(:a), T.spec(:z)], strategy: :one_for_one)
P.crash(T.pid(sup, :a)); T.sync(sup)
T.show("D wc", T.wc(sup)); T.show("D cc", T.cc(sup))
T.show("D restart_child", (case Supervisor.restart_child(sup, :a) do {:ok, p} when is_pid(p) -> {:ok, :pid}; o -> o end))
T.show("D delete running", Supervisor.delete_child(sup, :a))
T.show("D events", Ev.events())
Supervisor.stop(sup)

# E: transient exits {:shutdown, :x}; start_child same id; restart_child
Ev.reset()
sup = T.start_sup([T.spec(:a, :transient)], strategy: :one_for_one)
P.stop(T.pid(sup, :a), {:shutdown, :x}); T.sync(sup)
T.show("E wc", T.wc(sup)); T.show("E cc", T.cc(sup))
T.show("E start_child same id", Supervisor.start_child(sup, T.spec(:a, :transient)))
T.show("E restart_child", (case Supervisor.restart_child(sup, :a) do {:ok, p} when is_pid(p) -> {:ok, :pid}; o -> o end))
T.show("E start_child running id", (case Supervisor.start_child(sup, T.spec(:a, :transient)) do {:error, {:already_started, p}} when is_pid(p) -> {:error, {:already_started, :pid}}; o -> o end))
Supervisor.stop(sup)

# F: unknown ids, temporary terminate
Ev.reset()
sup = T.start_sup([T.spec(:t, :temporary), T.spec(:p)], strategy: :one_for_one)
T.show("F terminate unknown", Supervisor.terminate_child(sup, :nope))
T.show("F restart unknown", Supervisor.restart_child(sup, :nope))
T.show("F delete unknown", Supervisor.delete_child(sup, :nope))
T.show("F restart running", Supervisor.restart_child(sup, :p))
T.show("F restart running temp", Supervisor.restart_child(sup, :t))
T.show("F delete running temp", Supervisor.delete_child(sup, :t))
T.show("F terminate temp", Supervisor.terminate_child(sup, :t))
T.show("F terminate temp again", Supervisor.terminate_child(sup, :t))
T.show("F terminate p", Supervisor.terminate_child(sup, :p))
T.show("F terminate p again", Supervisor.terminate_child(sup, :p))
T.show("F wc", T.wc(sup)); T.show("F cc", T.cc(sup))
T.show("F delete p", Supervisor.delete_child(sup, :p))
T.show("F cc2", T.cc(sup))
T.show("F events", Ev.events())
Supervisor.stop(sup)

# H: one_for_all; a terminated by terminate_child, b ignored at init (permanent); crash c
Ev.reset(%{b: %{ignore: [1]}})
sup = T.start_sup([T.spec(:a), T.spec(:b), T.spec(:c)], strategy: :one_for_all)
:ok = Supervisor.terminate_child(sup, :a)
T.show("H wc before", T.wc(sup))
Ev.reset(); Agent.update(Ev, fn s -> %{s | starts: %{a: 1, b: 1, c: 1}} end)
P.crash(T.pid(sup, :c)); T.sync(sup)
T.show("H events", Ev.events())
T.show("H wc", T.wc(sup))
Supervisor.stop(sup)

# I: temporary child crashing in one_for_all / transient exiting normally in rest_for_one
Ev.reset()
sup = T.start_sup([T.spec(:a), T.spec(:t, :temporary), T.spec(:tr, :transient), T.spec(:c)], strategy: :rest_for_one)
Ev.reset()
P.crash(T.pid(sup, :t)); T.sync(sup)
P.stop(T.pid(sup, :tr), :normal); T.sync(sup)
T.show("I events", Ev.events())
T.show("I wc", T.wc(sup)); T.show("I cc", T.cc(sup))
Supervisor.stop(sup)

# J: which_children order after delete + start_child
Ev.reset()
sup = T.start_sup([T.spec(:a), T.spec(:b), T.spec(:c)], strategy: :one_for_one)
Supervisor.terminate_child(sup, :a); Supervisor.delete_child(sup, :a)
{:ok, _} = Supervisor.start_child(sup, T.spec(:a))
{:ok, _} = Supervisor.start_child(sup, T.spec(:e))
T.show("J wc", T.wc(sup))
Ev.reset()
Supervisor.stop(sup)
T.show("J stop order", Ev.events())

# O: a restart that fails leaves the child :restarting until it is tried again (a cast to itself, try_again_restart,
# queued behind what came before): which_children shows it so, count_children counts its spec but no process,
# restart_child and delete_child answer {:error, :restarting}, start_child of its id :already_present; a
# terminate_child answers :ok and leaves it :undefined, and the try again finds nothing to do. The supervisor is
# suspended while a's exit and the requests queue, so they come before the try again.
Ev.reset(%{a: %{fail: [2]}})
sup = T.start_sup([T.spec(:a), T.spec(:b)], strategy: :one_for_one, max_restarts: 3)
a = T.pid(sup, :a)
:sys.suspend(sup)
P.crash(a)
T.queued(sup, 1)
asks = [
  wc: fn -> T.wc(sup) end,
  cc: fn -> T.cc(sup) end,
  restart_child: fn -> T.answer(Supervisor.restart_child(sup, :a)) end,
  delete_child: fn -> Supervisor.delete_child(sup, :a) end,
  start_child: fn -> T.answer(Supervisor.start_child(sup, T.spec(:a))) end,
  terminate_child: fn -> Supervisor.terminate_child(sup, :a) end,
  "wc after terminate_child": fn -> T.wc(sup) end
]
asked = for {{label, ask}, n} <- Enum.with_index(asks, 2) do
  task = Task.async(ask); T.queued(sup, n); {label, task}
end
:sys.resume(sup)
for {label, task} <- asked, do: T.show("O #{label}", Task.await(task))
T.sync(sup)
T.show("O events", Ev.events())
T.show("O restart_child", T.answer(Supervisor.restart_child(sup, :a)))
T.show("O wc", T.wc(sup))
Supervisor.stop(sup)

# P: start_child of children whose init returns :ignore or fails: an ignored permanent child is kept, without a pid
# ({:ok, :undefined}), an ignored temporary one is not; one that fails is not added, so its id may be started again
Ev.reset(%{p: %{ignore: [1]}, t: %{ignore: [1]}, f: %{fail: [1]}})
sup = T.start_sup([], strategy: :one_for_one)
T.show("P ignored permanent", T.answer(Supervisor.start_child(sup, T.spec(:p))))
T.show("P ignored temporary", T.answer(Supervisor.start_child(sup, T.spec(:t, :temporary))))
T.show("P failed", T.answer(Supervisor.start_child(sup, T.spec(:f))))
T.show("P wc", T.wc(sup)); T.show("P cc", T.cc(sup))
T.show("P ignored permanent again", T.answer(Supervisor.start_child(sup, T.spec(:p))))
T.show("P ignored temporary again", T.answer(Supervisor.start_child(sup, T.spec(:t, :temporary))))
T.show("P failed again", T.answer(Supervisor.start_child(sup, T.spec(:f))))
T.show("P restart_child ignored permanent", T.answer(Supervisor.restart_child(sup, :p)))
T.show("P wc after", T.wc(sup))
T.show("P events", Ev.events())
Supervisor.stop(sup)

# From here on a logger handler (SupReports) records the supervisors' reports: [label: reason], in order.
SupReports.install()

# K: which reports a Supervisor logs when a child exits by itself (supervisor.erl's do_restart/3): a permanent, a
# transient and a temporary child (one_for_one) exiting with :normal, :shutdown, {:shutdown, :bye} or :boom, or
# killed. Each line: the reports, and whether the child was started again.
for rt <- [:permanent, :transient, :temporary], r <- [:normal, :shutdown, {:shutdown, :bye}, :boom, :kill] do
  Ev.reset()
  sup = T.start_sup([T.spec(:c, rt)], strategy: :one_for_one)
  P.exit_with(T.pid(sup, :c), r); T.sync(sup)
  T.show("K #{rt} #{inspect(r)}", %{reports: SupReports.reports(), restarted: {:start, :c, 2, :ok} in Ev.events()})
  Supervisor.stop(sup)
end

# K2: a restart whose start fails (the 2nd start: {:stop, :bad_config} from init) is reported (restart/3's
# start_error) and tried again (try_again_restart), which starts it (the 3rd)
for rt <- [:permanent, :transient] do
  Ev.reset(%{c: %{fail: [2]}})
  sup = T.start_sup([T.spec(:c, rt)], strategy: :one_for_one, max_restarts: 3)
  P.exit_with(T.pid(sup, :c), :boom); T.sync(sup); T.sync(sup)
  T.show("K2 #{rt}", %{events: SupReports.others(), reports: SupReports.reports(), wc: T.wc(sup)})
  Supervisor.stop(sup)
end

# K3: restarts that keep failing (every start from the 2nd), 2 restarts allowed: each failure is reported, then the
# giving up (restart/2's shutdown report, reached_max_restart_intensity), and the supervisor exits :shutdown
Ev.reset(%{c: %{fail_from: 2}})
sup = T.start_sup([T.spec(:c)], strategy: :one_for_one, max_restarts: 2)
P.exit_with(T.pid(sup, :c), :boom)
T.show("K3 sup exit", T.sup_down(sup))
T.show("K3 events", SupReports.others())
T.show("K3 reports", SupReports.reports())

# K4: a child that exits twice, 1 restart allowed: each exit is reported, then the giving up; the other child is
# shut down with the supervisor
Ev.reset()
sup = T.start_sup([T.spec(:c), T.spec(:d)], strategy: :one_for_one, max_restarts: 1)
P.exit_with(T.pid(sup, :c), :boom); T.sync(sup)
P.exit_with(T.pid(sup, :c), :boom)
T.show("K4 sup exit", T.sup_down(sup))
T.show("K4 events", SupReports.others())
T.show("K4 reports", SupReports.reports())

# L: a Supervisor killed: its exit signal to its children, :killed, is an ordinary reason (only :kill itself cannot
# be trapped), their parent's exit: the child that traps exits takes it as such and stops with terminate(:killed)
# (gen_server's rule for an EXIT from its parent), the plain one dies of it without terminate; nothing is reported
Ev.reset()
sup = T.start_sup([T.spec(:trap), T.spec(:plain, :permanent, %{start: {P, :start_plain, [:plain]}})],
  strategy: :one_for_one)
rt = Process.monitor(T.pid(sup, :trap)); rp = Process.monitor(T.pid(sup, :plain))
Process.exit(sup, :kill)
T.show("L sup exit", T.sup_down(sup))
T.show("L trapping child down", T.down(rt))
T.show("L plain child down", T.down(rp))
T.show("L events", SupReports.others())
T.show("L reports", SupReports.reports())

# M: a nested Supervisor whose child exits twice, 1 restart allowed, gives up and exits :shutdown; its own
# supervisor restarts it, and so its child, if it is permanent (reporting the exit), and leaves a transient one,
# which ended :shutdown, stopped (quietly)
for rt <- [:permanent, :transient] do
  Ev.reset()
  inner = %{id: :inner, type: :supervisor, restart: rt,
    start: {Supervisor, :start_link, [[T.spec(:w)], [strategy: :one_for_one, max_restarts: 1]]}}
  outer = T.start_sup([inner], strategy: :one_for_one, max_restarts: 3)
  isup = T.pid(outer, :inner)
  P.crash(T.pid(isup, :w)); T.sync(isup)
  ref = Process.monitor(isup)
  P.crash(T.pid(isup, :w))
  T.show("M #{rt} inner exit", T.down(ref))
  T.sync(outer)
  T.show("M #{rt}", %{wc: T.wc(outer), events: SupReports.others(), reports: SupReports.reports()})
  Supervisor.stop(outer)
end

# N: a child that fails to start while the Supervisor itself starts (the 2nd of three): the start fails with
# {:shutdown, {:failed_to_start_child, id, reason}}, the child started before it is stopped, the one after it never
# starts, and the failure is reported (init_children's start_children: start_error)
Ev.reset(%{b: %{fail: [1]}})
T.show("N start", Supervisor.start_link(Enum.map([:a, :b, :c], &T.spec/1), strategy: :one_for_one))
T.show("N events", SupReports.others())
T.show("N reports", SupReports.reports())

# Q: what the child API reports when a child it starts fails ({:stop, :bad_config} from init) or is ignored: a
# start_child of each, a restart_child of the ignored one (ignored again), and of the failing one once it had run and
# been terminated (its 3rd start fails); then a delete_child
Ev.reset(%{f: %{fail: [1, 3]}, i: %{ignore: [1, 2]}})
sup = T.start_sup([], strategy: :one_for_one)
T.show("Q start_child failing", T.answer(Supervisor.start_child(sup, T.spec(:f))))
T.show("Q start_child ignored", T.answer(Supervisor.start_child(sup, T.spec(:i))))
T.show("Q restart_child ignored again", T.answer(Supervisor.restart_child(sup, :i)))
T.show("Q start_child", T.answer(Supervisor.start_child(sup, T.spec(:f))))
T.show("Q terminate_child", Supervisor.terminate_child(sup, :f))
T.show("Q restart_child failing", T.answer(Supervisor.restart_child(sup, :f)))
T.show("Q wc", T.wc(sup))
T.show("Q delete_child", Supervisor.delete_child(sup, :f))
T.show("Q events", SupReports.others())
T.show("Q reports", SupReports.reports())
Supervisor.stop(sup)

# R: a stray message, cast and call to a Supervisor. Its handle_info logs a message it does not expect and goes on;
# handle_cast and handle_call have no clause for a stray one, so it crashes (function_clause), stopping its children
# (:shutdown, newest first) as it exits with that crash, and the stray call's caller exits with it
defmodule R do
  def norm({:function_clause, _stack}), do: :crash
  def norm({r, {GenServer, :call, _}}), do: norm(r)
  def norm(r), do: P.norm(r)
end
Ev.reset()
sup = T.start_sup([T.spec(:a), T.spec(:b)], strategy: :one_for_one)
send(sup, :stray_info); T.sync(sup)
T.show("R after a stray message", %{alive: Process.alive?(sup), wc: T.wc(sup)})
GenServer.cast(sup, :stray)
T.show("R stray cast, sup exit", R.norm(T.sup_down(sup)))
T.show("R stray cast, events", SupReports.others())
T.show("R stray cast, reports", SupReports.reports())
Ev.reset()
sup = T.start_sup([T.spec(:a), T.spec(:b)], strategy: :one_for_one)
T.show("R stray call", try do GenServer.call(sup, :stray) catch :exit, r -> {:exit, R.norm(r)} end)
T.show("R stray call, sup exit", R.norm(T.sup_down(sup)))
T.show("R stray call, events", SupReports.others())

# S: the child API while a one_for_all restart that failed partway is to be tried again (c crashed; b's 2nd start
# failed, so a runs again, b is :restarting and c, after it, never started: :undefined). restart_child answers
# {:error, :restarting} for b and starts c; the try again, queued behind the requests, then stops c and a and starts
# all three. The supervisor is suspended while c's exit and the requests queue, as in O.
Ev.reset(%{b: %{fail: [2]}})
sup = T.start_sup([T.spec(:a), T.spec(:b), T.spec(:c)], strategy: :one_for_all, max_restarts: 3)
c = T.pid(sup, :c)
:sys.suspend(sup)
P.crash(c)
T.queued(sup, 1)
asks = [
  wc: fn -> T.wc(sup) end,
  cc: fn -> T.cc(sup) end,
  "restart_child b": fn -> T.answer(Supervisor.restart_child(sup, :b)) end,
  "restart_child c": fn -> T.answer(Supervisor.restart_child(sup, :c)) end,
  "wc after restart_child c": fn -> T.wc(sup) end
]
asked = for {{label, ask}, n} <- Enum.with_index(asks, 2) do
  task = Task.async(ask); T.queued(sup, n); {label, task}
end
:sys.resume(sup)
for {label, task} <- asked, do: T.show("S #{label}", Task.await(task))
T.sync(sup)
T.show("S events", SupReports.others())
T.show("S wc", T.wc(sup))
Supervisor.stop(sup)
