# Significant children and a supervisor's automatic shutdown as OTP runs them: the scenarios of
# runtime.AutoShutdownConformanceTest, each printing the lines that test prints from the runtime. Its output is the
# record the test compares with:
#   elixir src/test/conformance/auto_shutdown.exs > src/test/resources/conformance/auto_shutdown.txt
# (recorded with Elixir 1.14 on OTP 25). Elixir 1.14's Supervisor.start_link/2 and Supervisor.init/2 drop the
# :auto_shutdown option (Elixir 1.15 passes it on), so the supervisors here are a module's, whose init returns
# supervisor.erl's flags map itself; the children are map child specs, which reach supervisor.erl as they are, with
# their :significant key. The probe child and the event log are supervisors.exs's.
Logger.configure(level: :none)
:logger.set_primary_config(:level, :none)

Code.require_file("supervision_probe.exs", __DIR__)

defmodule AS do
  use Supervisor
  def init({flags, children}), do: {:ok, {flags, children}}
end

defmodule T do
  def spec(id, restart \\ :permanent, extra \\ %{}),
    do: Map.merge(%{id: id, start: {P, :start_link, [id]}, restart: restart}, extra)
  # a significant child, transient unless said otherwise
  def sig(id, restart \\ :transient), do: spec(id, restart, %{significant: true})
  def flags(strategy, auto_shutdown),
    do: %{strategy: strategy, intensity: 3, period: 5, auto_shutdown: auto_shutdown}
  def start(children, strategy, auto_shutdown),
    do: Supervisor.start_link(AS, {flags(strategy, auto_shutdown), children})
  def start_sup(children, strategy, auto_shutdown) do
    {:ok, sup} = start(children, strategy, auto_shutdown)
    sup
  end
  def pid(sup, id), do: Enum.find_value(Supervisor.which_children(sup), fn {^id, p, _, _} -> p; _ -> nil end)
  def wc(sup), do: Enum.map(Supervisor.which_children(sup), fn {id, p, _, _} -> {id, if(is_pid(p), do: :pid, else: p)} end)
  def cc(sup), do: Supervisor.count_children(sup)
  def sync(sup), do: :sys.get_state(sup) # the sup handled everything queued before
  # the supervisor's exit, if it exits: it is linked to this script, which traps exits
  def sup_down(sup) do
    receive do {:EXIT, ^sup, r} -> r after 2000 -> :alive end
  end
  # whether the supervisor is still alive once it has handled what came before (or has ended on it)
  def alive(sup) do
    try do
      sync(sup); true
    catch :exit, _ -> false
    end
  end
  # forgets the events so far; the starts count on, so a restart is a start numbered 2
  def clear, do: Agent.update(Ev, fn s -> %{s | events: []} end)
  # waits until pid's mailbox holds n messages
  def queued(pid, n) do
    case Process.info(pid, :message_queue_len) do
      {:message_queue_len, ^n} -> :ok
      _ -> Process.sleep(1); queued(pid, n)
    end
  end
  def show(name, v), do: IO.puts("#{name}: #{inspect(v)}")
  def answer({:ok, p}) when is_pid(p), do: {:ok, :pid}
  def answer(other), do: other
  # a refusal, at the supervisor's start ({:error, {:start_spec, why}}) or at start_child ({:error, why}), as
  # {:refused, why}: the runtime refuses the same combinations when the spec is built, so what it can compare is why
  def refusal({:error, {:start_spec, why}}), do: {:refused, why}
  def refusal({:error, why}), do: {:refused, why}
  def refusal(other), do: answer(other)
  # a supervisor's start refused as refusal/1 prints it; one that starts is stopped again
  def start_refusal({:ok, sup}), do: (Supervisor.stop(sup); {:ok, :pid})
  def start_refusal(error), do: refusal(error)
end

Ev.start()
Process.flag(:trap_exit, true)

# A: any_significant, one_for_one: a transient significant child exiting :normal is not restarted, and the supervisor
# shuts down: it stops the other children, newest first, and exits :shutdown
Ev.reset()
sup = T.start_sup([T.spec(:a), T.sig(:s), T.spec(:c)], :one_for_one, :any_significant)
T.clear()
P.stop(T.pid(sup, :s), :normal)
T.show("A sup exit", T.sup_down(sup))
T.show("A events", Ev.events())

# B: any_significant: a transient significant child that crashes is restarted, and the supervisor stays
Ev.reset()
sup = T.start_sup([T.spec(:a), T.sig(:s)], :one_for_one, :any_significant)
T.clear()
P.crash(T.pid(sup, :s)); T.sync(sup)
T.show("B events", Ev.events())
T.show("B alive", T.alive(sup))
T.show("B wc", T.wc(sup))
Supervisor.stop(sup)

# C: all_significant with two significant children and a permanent one: the first significant exit leaves the
# supervisor up; the second ends it
Ev.reset()
sup = T.start_sup([T.sig(:s1), T.sig(:s2), T.spec(:w)], :one_for_one, :all_significant)
T.clear()
P.stop(T.pid(sup, :s1), :normal); T.sync(sup)
T.show("C after s1 alive", T.alive(sup))
T.show("C after s1 wc", T.wc(sup))
T.show("C after s1 cc", T.cc(sup))
P.stop(T.pid(sup, :s2), {:shutdown, :done})
T.show("C sup exit", T.sup_down(sup))
T.show("C events", Ev.events())

# From here on a logger handler (SupReports) records the supervisors' reports: [label: reason], in order.
SupReports.install()

# D: a temporary significant child crashing is reported, not restarted, and ends an any_significant supervisor
Ev.reset()
sup = T.start_sup([T.spec(:a), T.sig(:t, :temporary)], :one_for_one, :any_significant)
T.clear()
P.crash(T.pid(sup, :t))
T.show("D sup exit", T.sup_down(sup))
T.show("D events", SupReports.others())
T.show("D reports", SupReports.reports())

# E: a significant child (transient or temporary) of an any_significant supervisor exiting with :normal, :shutdown,
# {:shutdown, :bye} or :boom, or killed: the reports, whether it was started again, and the supervisor's exit
for rt <- [:transient, :temporary], r <- [:normal, :shutdown, {:shutdown, :bye}, :boom, :kill] do
  Ev.reset()
  sup = T.start_sup([T.spec(:a), T.sig(:c, rt)], :one_for_one, :any_significant)
  P.exit_with(T.pid(sup, :c), r)
  exit = if T.alive(sup), do: :alive, else: T.sup_down(sup)
  T.show("E #{rt} #{inspect(r)}",
    %{reports: SupReports.reports(), restarted: {:start, :c, 2, :ok} in Ev.events(), sup: exit})
  if exit == :alive, do: Supervisor.stop(sup)
end

# F: terminate_child of a significant child is the supervisor's user's doing, not the child's own exit: no shutdown.
# The child restarted by hand and then exiting :normal by itself ends the supervisor.
Ev.reset()
sup = T.start_sup([T.spec(:a), T.sig(:s)], :one_for_one, :any_significant)
T.clear()
T.show("F terminate_child", Supervisor.terminate_child(sup, :s))
T.show("F alive", T.alive(sup))
T.show("F wc", T.wc(sup))
T.show("F restart_child", T.answer(Supervisor.restart_child(sup, :s)))
P.stop(T.pid(sup, :s), :normal)
T.show("F sup exit", T.sup_down(sup))
T.show("F events", SupReports.others())

# G: all_significant: a significant child terminated by hand no longer counts as running, so the exit of the other
# significant child ends the supervisor; a temporary significant child terminated by hand is gone altogether
Ev.reset()
sup = T.start_sup([T.sig(:s1), T.sig(:t, :temporary), T.sig(:s2)], :one_for_one, :all_significant)
T.clear()
T.show("G terminate_child s1", Supervisor.terminate_child(sup, :s1))
T.show("G terminate_child t", Supervisor.terminate_child(sup, :t))
T.show("G alive", T.alive(sup))
T.show("G wc", T.wc(sup))
P.stop(T.pid(sup, :s2), :normal)
T.show("G sup exit", T.sup_down(sup))
T.show("G events", SupReports.others())

# H: what supervisor.erl refuses: a significant child where auto_shutdown is :never, and a permanent significant
# child anywhere, at the supervisor's start and at start_child; a temporary significant child it takes
Ev.reset()
T.show("H start, never, significant", T.start_refusal(T.start([T.sig(:s)], :one_for_one, :never)))
T.show("H start, any, permanent significant", T.start_refusal(T.start([T.sig(:p, :permanent)], :one_for_one, :any_significant)))
T.show("H start, never, permanent significant", T.start_refusal(T.start([T.sig(:p, :permanent)], :one_for_one, :never)))
T.show("H start, never, significant false", T.start_refusal(T.start([T.spec(:n, :transient, %{significant: false})], :one_for_one, :never)))
never = T.start_sup([], :one_for_one, :never)
any = T.start_sup([], :one_for_one, :any_significant)
T.show("H start_child, never, significant", T.refusal(Supervisor.start_child(never, T.sig(:s))))
T.show("H start_child, any, permanent significant", T.refusal(Supervisor.start_child(any, T.sig(:p, :permanent))))
T.show("H start_child, any, temporary significant", T.refusal(Supervisor.start_child(any, T.sig(:t, :temporary))))
T.show("H wc never", T.wc(never))
T.show("H wc any", T.wc(any))
Supervisor.stop(never); Supervisor.stop(any)
T.show("H events", SupReports.others())

# I: all_significant, one_for_all: a permanent child's crash restarts all; the temporary significant child, stopped
# by that restart, is gone for good, but not by its own exit, so the supervisor stays though no significant child is
# left
Ev.reset()
sup = T.start_sup([T.spec(:p), T.sig(:t, :temporary)], :one_for_all, :all_significant)
T.clear()
P.crash(T.pid(sup, :p)); T.sync(sup)
T.show("I alive", T.alive(sup))
T.show("I wc", T.wc(sup))
T.show("I events", SupReports.others())
Supervisor.stop(sup)

# J: nested: an inner any_significant supervisor, itself a transient significant child of an outer any_significant
# one; its significant worker exiting :normal ends the inner supervisor (:shutdown), which ends the outer one
Ev.reset()
inner = %{id: :inner, type: :supervisor, restart: :transient, significant: true,
  start: {Supervisor, :start_link, [AS, {T.flags(:one_for_one, :any_significant), [T.spec(:x), T.sig(:w)]}]}}
sup = T.start_sup([T.spec(:a), inner], :one_for_one, :any_significant)
T.clear()
P.stop(T.pid(T.pid(sup, :inner), :w), :normal)
T.show("J sup exit", T.sup_down(sup))
T.show("J events", SupReports.others())
T.show("J reports", SupReports.reports())

# K: all_significant: a significant child whose restart failed is :restarting, and counts as running: the other
# significant child's exit, handled before the try again, leaves the supervisor up; the try again starts the first.
# The supervisor is suspended while both exits queue, so that they come before the try again.
Ev.reset(%{s1: %{fail: [2]}})
sup = T.start_sup([T.sig(:s1), T.sig(:s2)], :one_for_one, :all_significant)
T.clear()
s1 = T.pid(sup, :s1); s2 = T.pid(sup, :s2)
:sys.suspend(sup)
P.crash(s1)
P.stop(s2, :normal)
T.queued(sup, 2)
:sys.resume(sup)
T.sync(sup); T.sync(sup)
T.show("K alive", T.alive(sup))
T.show("K wc", T.wc(sup))
T.show("K events", SupReports.others())
T.show("K reports", SupReports.reports())
Supervisor.stop(sup)

# L: all_significant: a significant child whose start was ignored has no process, so it does not count as running:
# the other significant child's exit ends the supervisor
Ev.reset(%{s1: %{ignore: [1]}})
sup = T.start_sup([T.sig(:s1), T.sig(:s2), T.spec(:w)], :one_for_one, :all_significant)
T.show("L wc", T.wc(sup))
T.clear()
P.stop(T.pid(sup, :s2), :normal)
T.show("L sup exit", T.sup_down(sup))
T.show("L events", SupReports.others())
