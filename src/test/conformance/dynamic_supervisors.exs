# Dynamic supervisors and the unique registry as OTP runs them: the scenarios of
# runtime.DynamicSupervisorConformanceTest, each printing the lines that test prints from the runtime. Its output is
# the record the test compares with:
#   elixir src/test/conformance/dynamic_supervisors.exs > src/test/resources/conformance/dynamic_supervisors.txt
# (recorded with Elixir 1.14 on OTP 25). The probe child is supervisors.exs's: it traps exits and records its starts,
# numbered, and its terminates; a plan makes a child's nth start fail ({:stop, :bad_config}) or return :ignore.
# Children that a supervisor stops together terminate concurrently, so their terminates are printed sorted.
Logger.configure(level: :none)
:logger.set_primary_config(:level, :none)

Code.require_file("supervision_probe.exs", __DIR__)

defmodule T do
  def spec(id, restart \\ :permanent), do: %{id: id, start: {P, :start_link, [id]}, restart: restart}
  def sync(sup), do: :sys.get_state(sup) # the sup handled everything queued before
  def exit_of(pid) do
    receive do {:EXIT, ^pid, r} -> r after 2000 -> :alive end
  end
  def show(name, v), do: IO.puts("#{name}: #{inspect(v)}")
end

defmodule D do
  def start(opts \\ []) do
    {:ok, sup} = DynamicSupervisor.start_link([strategy: :one_for_one] ++ opts)
    sup
  end
  def child(sup, spec) do
    {:ok, pid} = DynamicSupervisor.start_child(sup, spec)
    pid
  end
  def wc(sup) do
    for {id, p, type, _} <- DynamicSupervisor.which_children(sup), do: {id, if(is_pid(p), do: :pid, else: p), type}
  end
  def cc(sup), do: DynamicSupervisor.count_children(sup)
  # the children by their probes' ids, in which_children's order
  def ids(sup), do: for({_, p, _, _} <- DynamicSupervisor.which_children(sup), do: :sys.get_state(p))
  def pid_of(sup, id), do: Enum.find(for({_, p, _, _} <- DynamicSupervisor.which_children(sup), do: p),
    &(:sys.get_state(&1) == id))
  def answer({:ok, p}) when is_pid(p), do: {:ok, :pid}
  def answer({:error, {:already_started, p}}) when is_pid(p), do: {:error, {:already_started, :pid}}
  def answer(other), do: other
end

Ev.start()
Process.flag(:trap_exit, true)

# A: a permanent child whose restart returns :ignore is removed
Ev.reset(%{a: %{ignore: [2]}})
sup = D.start()
a = D.child(sup, T.spec(:a)); D.child(sup, T.spec(:z))
P.crash(a); T.sync(sup)
T.show("A wc", D.wc(sup)); T.show("A cc", D.cc(sup))
T.show("A events", Ev.events())
DynamicSupervisor.stop(sup)

# B: transient children: {:shutdown, _} and :normal remove them, a crash restarts
Ev.reset()
sup = D.start()
tr1 = D.child(sup, T.spec(:tr1, :transient))
tr2 = D.child(sup, T.spec(:tr2, :transient))
tr3 = D.child(sup, T.spec(:tr3, :transient))
P.stop(tr1, {:shutdown, :x}); P.stop(tr2, :normal); P.crash(tr3); T.sync(sup)
T.show("B wc", D.wc(sup)); T.show("B cc", D.cc(sup))
T.show("B ids", D.ids(sup))
T.show("B events", Ev.events())
DynamicSupervisor.stop(sup)

# C: terminate_child of a process that is not a child, of a child, and of it again
Ev.reset()
sup = D.start()
c = D.child(sup, T.spec(:c))
{:ok, outsider} = P.start_link(:outsider)
T.show("C terminate outsider", DynamicSupervisor.terminate_child(sup, outsider))
T.show("C terminate child", DynamicSupervisor.terminate_child(sup, c))
T.show("C terminate child again", DynamicSupervisor.terminate_child(sup, c))
T.show("C cc", D.cc(sup))
T.show("C events", Ev.events())
GenServer.stop(outsider)
DynamicSupervisor.stop(sup)

# D: a stray cast and a stray message leave it and its children alone
Ev.reset()
sup = D.start()
D.child(sup, T.spec(:x))
GenServer.cast(sup, :stray); send(sup, :stray_info); T.sync(sup)
T.show("D alive", Process.alive?(sup))
T.show("D wc", D.wc(sup))
T.show("D events", Ev.events())
DynamicSupervisor.stop(sup)

# E: max_children counts a child whose restart keeps failing; terminating it by its old pid makes room
Ev.reset(%{f: %{fail_from: 2}})
sup = D.start(max_children: 2, max_restarts: 1_000_000)
f = D.child(sup, T.spec(:f)); D.child(sup, T.spec(:g))
P.crash(f); T.sync(sup)
T.show("E wc", D.wc(sup)); T.show("E cc", D.cc(sup))
T.show("E start at the bound", D.answer(DynamicSupervisor.start_child(sup, T.spec(:h))))
T.show("E terminate restarting", DynamicSupervisor.terminate_child(sup, f))
T.show("E start after", D.answer(DynamicSupervisor.start_child(sup, T.spec(:h))))
T.show("E wc after", D.wc(sup)); T.show("E cc after", D.cc(sup))
DynamicSupervisor.stop(sup)

# F: restart intensity exceeded: the supervisor exits :shutdown, its other children with it
Ev.reset()
sup = D.start(max_restarts: 1)
a = D.child(sup, T.spec(:a)); D.child(sup, T.spec(:b)); D.child(sup, T.spec(:t, :temporary))
P.crash(a); T.sync(sup)
P.crash(D.pid_of(sup, :a))
T.show("F sup exit", T.exit_of(sup))
T.show("F terminates", Ev.terminates())

# G: a restarted child goes to the end of which_children
Ev.reset()
sup = D.start()
a = D.child(sup, T.spec(:a)); D.child(sup, T.spec(:b)); D.child(sup, T.spec(:c))
P.crash(a); T.sync(sup)
T.show("G ids", D.ids(sup))
DynamicSupervisor.stop(sup)

# H, H2: its parent exits :normal / {:shutdown, :bye}: it exits with that reason, stopping its children :shutdown
for {label, reason} <- [{"H", :normal}, {"H2", {:shutdown, :bye}}] do
  Ev.reset()
  me = self()
  parent = spawn(fn ->
    {:ok, d} = DynamicSupervisor.start_link(strategy: :one_for_one)
    {:ok, _} = DynamicSupervisor.start_child(d, T.spec(:r1))
    {:ok, _} = DynamicSupervisor.start_child(d, T.spec(:r2))
    send(me, {:sup, d})
    receive do :go -> exit(reason) end
  end)
  receive do {:sup, d} ->
    ref = Process.monitor(d)
    send(parent, :go)
    T.show("#{label} sup exit", receive do {:DOWN, ^ref, _, _, r} -> r after 2000 -> :alive end)
    T.show("#{label} terminates", Ev.terminates())
  end
end

# I: temporary children are not restarted, whatever their exit
Ev.reset()
sup = D.start()
t1 = D.child(sup, T.spec(:t1, :temporary)); t2 = D.child(sup, T.spec(:t2, :temporary))
D.child(sup, T.spec(:p))
P.crash(t1); P.stop(t2, {:shutdown, :x}); T.sync(sup)
T.show("I wc", D.wc(sup)); T.show("I cc", D.cc(sup))
T.show("I events", Ev.events())
DynamicSupervisor.stop(sup)

# J: stopping it stops all its children at once: their terminates run concurrently
Ev.reset()
sup = D.start()
for id <- [:a, :b, :c, :d], do: D.child(sup, T.spec(id))
Ev.reset()
DynamicSupervisor.stop(sup)
T.show("J terminates", Ev.terminates())

# K: a registered name is free once its process has exited, by the time a monitor hears of it
{:ok, _} = Registry.start_link(keys: :unique, name: Reg)
Ev.reset()
name = {:via, Registry, {Reg, :k}}
{:ok, k} = P.start_link(:k, name)
T.show("K whereis", Registry.whereis_name({Reg, :k}) == k)
ref = Process.monitor(k)
GenServer.call(k, {:stop, :normal})
receive do {:DOWN, ^ref, _, _, _} -> T.show("K whereis at DOWN", Registry.whereis_name({Reg, :k})) end
{:ok, k2} = P.start_link(:k, name)
T.show("K started again", Registry.whereis_name({Reg, :k}) == k2)
GenServer.stop(k2)

# L: a start under a name held answers already_started with the holder
Ev.reset()
{:ok, l} = P.start_link(:l, {:via, Registry, {Reg, :l}})
taken = P.start_link(:l, {:via, Registry, {Reg, :l}})
T.show("L start again", D.answer(taken))
T.show("L holder", elem(elem(taken, 1), 1) == l)
T.show("L events", Ev.events())
GenServer.stop(l)

# M: the keys registered, sorted
Ev.reset()
pids = for key <- [:m2, :m3, :m1], do: elem(P.start_link(key, {:via, Registry, {Reg, key}}), 1)
T.show("M keys", Enum.sort(Registry.select(Reg, [{{:"$1", :_, :_}, [], [:"$1"]}])))
T.show("M count", Registry.count(Reg))
for pid <- pids, do: GenServer.stop(pid)

# N: a dynamic supervisor restarts a crashed child under its registered name at once
Ev.reset()
sup = D.start()
n = D.child(sup, %{id: :n, start: {P, :start_link, [:n, {:via, Registry, {Reg, :n}}]}})
P.crash(n); T.sync(sup)
n2 = Registry.whereis_name({Reg, :n})
T.show("N whereis", {is_pid(n2), n2 != n, D.ids(sup) == [:n]})
T.show("N events", Ev.events())
DynamicSupervisor.stop(sup)

# From here on a logger handler (SupReports) records the supervisors' reports: [label: reason], in order.
SupReports.install()

# O: which reports a DynamicSupervisor logs when a child exits by itself (dynamic_supervisor.ex's
# maybe_restart_child/5): a permanent, a transient and a temporary child exiting with :normal, :shutdown,
# {:shutdown, :bye} or :boom, or killed. Each line: the reports, and whether the child was started again.
for rt <- [:permanent, :transient, :temporary], r <- [:normal, :shutdown, {:shutdown, :bye}, :boom, :kill] do
  Ev.reset()
  sup = D.start()
  P.exit_with(D.child(sup, T.spec(:c, rt)), r); T.sync(sup)
  T.show("O #{rt} #{inspect(r)}", %{reports: SupReports.reports(), restarted: {:start, :c, 2, :ok} in Ev.events()})
  DynamicSupervisor.stop(sup)
end

# O2: a restart whose start fails (the 2nd start: {:stop, :bad_config} from init) is reported (restart_child/4's
# start_error) and tried again ({:"$gen_restart", pid}), which starts it (the 3rd)
for rt <- [:permanent, :transient] do
  Ev.reset(%{c: %{fail: [2]}})
  sup = D.start(max_restarts: 3)
  P.exit_with(D.child(sup, T.spec(:c, rt)), :boom); T.sync(sup); T.sync(sup)
  T.show("O2 #{rt}", %{events: SupReports.others(), reports: SupReports.reports(), wc: D.wc(sup)})
  DynamicSupervisor.stop(sup)
end

# O3: restarts that keep failing (every start from the 2nd), 2 restarts allowed: each failure is reported, then the
# giving up (restart_child/3's shutdown report, reached_max_restart_intensity), and the supervisor exits :shutdown
Ev.reset(%{c: %{fail_from: 2}})
sup = D.start(max_restarts: 2)
P.exit_with(D.child(sup, T.spec(:c)), :boom)
T.show("O3 sup exit", T.exit_of(sup))
T.show("O3 events", SupReports.others())
T.show("O3 reports", SupReports.reports())

# O4: a child that exits twice, 1 restart allowed: each exit is reported, then the giving up; the other child is
# shut down with the supervisor
Ev.reset()
sup = D.start(max_restarts: 1)
c = D.child(sup, T.spec(:c)); D.child(sup, T.spec(:d))
P.exit_with(c, :boom); T.sync(sup)
P.exit_with(D.pid_of(sup, :c), :boom)
T.show("O4 sup exit", T.exit_of(sup))
T.show("O4 events", SupReports.others())
T.show("O4 reports", SupReports.reports())

# P: start_child of children whose init fails ({:stop, :bad_config}) or returns :ignore, max_children 1: answered
# {:error, :bad_config} and :ignore, nothing kept or reported, so the one start that succeeds fills the bound; then a
# stray call, which its handle_call has no clause for: it crashes (function_clause), stopping its child as it exits
# with that crash, and the caller exits with it
defmodule DP do
  def norm({:function_clause, _stack}), do: :crash
  def norm({r, {GenServer, :call, _}}), do: norm(r)
  def norm(r), do: P.norm(r)
end
Ev.reset(%{f: %{fail: [1]}, i: %{ignore: [1]}})
sup = D.start(max_children: 1)
T.show("P start failing", D.answer(DynamicSupervisor.start_child(sup, T.spec(:f))))
T.show("P start ignored", D.answer(DynamicSupervisor.start_child(sup, T.spec(:i))))
T.show("P start", D.answer(DynamicSupervisor.start_child(sup, T.spec(:g))))
T.show("P start at the bound", D.answer(DynamicSupervisor.start_child(sup, T.spec(:h))))
T.show("P cc", D.cc(sup))
T.show("P stray call", try do GenServer.call(sup, :stray) catch :exit, r -> {:exit, DP.norm(r)} end)
T.show("P sup exit", DP.norm(T.exit_of(sup)))
T.show("P events", SupReports.others())
T.show("P reports", SupReports.reports())
