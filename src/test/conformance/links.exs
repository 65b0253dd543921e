# Links, monitors and exit signals as OTP runs them: the scenarios of runtime.LinkConformanceTest, each printing
# the lines that test prints from the runtime. Its output is the record the test compares with:
#   elixir src/test/conformance/links.exs > src/test/resources/conformance/links.txt
# (recorded with Elixir 1.14 on OTP 25). Every process is an actor, a GenServer that runs the functions it is
# called with and records, per label, the messages its handle_info gets and its terminate. Pids print as their
# labels, monitor refs as the names given them, and a raise as :crash.
Logger.configure(level: :none)
:logger.set_primary_config(:level, :none)

defmodule Ev do
  use GenServer
  def start, do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)
  def init(_), do: {:ok, fresh()}
  defp fresh, do: %{events: %{}, names: %{}, ends: %{}}
  def reset, do: GenServer.call(__MODULE__, :reset)
  # names a pid or a ref; a pid is watched, so that how it ended can be asked after
  def name(term, name), do: GenServer.call(__MODULE__, {:name, term, name})
  def add(label, e), do: GenServer.call(__MODULE__, {:add, label, e})
  def events(label), do: GenServer.call(__MODULE__, {:events, label})
  def names, do: GenServer.call(__MODULE__, :names)
  def ended(pid), do: GenServer.call(__MODULE__, {:ended, pid})
  def handle_call(:reset, _f, _s), do: {:reply, :ok, fresh()}
  def handle_call({:name, t, n}, _f, s) do
    if is_pid(t), do: Process.monitor(t)
    {:reply, :ok, %{s | names: Map.put(s.names, t, n)}}
  end
  def handle_call({:add, l, e}, _f, s), do: {:reply, :ok, %{s | events: Map.update(s.events, l, [e], &[e | &1])}}
  def handle_call({:events, l}, _f, s), do: {:reply, Enum.reverse(Map.get(s.events, l, [])), s}
  def handle_call(:names, _f, s), do: {:reply, s.names, s}
  def handle_call({:ended, pid}, _f, s), do: {:reply, Map.fetch(s.ends, pid), s}
  def handle_info({:DOWN, _, :process, pid, r}, s), do: {:noreply, %{s | ends: Map.put(s.ends, pid, r)}}
  # a term as the test prints it: pids and refs by name, a raise as :crash
  def norm(t), do: norm(t, names())
  defp norm({%RuntimeError{}, _stack}, _), do: :crash
  defp norm(t, n) when is_pid(t) or is_reference(t), do: Map.get(n, t, if(is_pid(t), do: :pid, else: :ref))
  defp norm(t, n) when is_tuple(t), do: t |> Tuple.to_list() |> Enum.map(&norm(&1, n)) |> List.to_tuple()
  defp norm(t, n) when is_list(t), do: Enum.map(t, &norm(&1, n))
  defp norm(t, _), do: t
end

defmodule A do
  use GenServer
  def start(label, trap \\ false, opts \\ []), do: named(GenServer.start(__MODULE__, {label, trap}, opts), label)
  def start_link(label, trap), do: named(GenServer.start_link(__MODULE__, {label, trap}), label)
  defp named({:ok, pid}, label), do: (Ev.name(pid, label); pid)
  def run(pid, f), do: GenServer.call(pid, {:run, f})
  def init({label, trap}) do
    Process.flag(:trap_exit, trap)
    {:ok, %{label: label, hook: nil}}
  end
  def handle_call({:run, f}, _from, s), do: {:reply, f.(), s}
  def handle_call({:hook, f}, _from, s), do: {:reply, :ok, %{s | hook: f}}
  def handle_call(:ping, _from, s), do: {:reply, :pong, s}
  def handle_call(:boom, _from, _s), do: raise("boom")
  def handle_call({:stop, r}, _from, s), do: {:stop, r, :bye, s}
  def handle_info(m, s) do
    Ev.add(s.label, m)
    if s.hook, do: Ev.add(s.label, List.to_tuple([:hook | Tuple.to_list(s.hook.())]))
    {:noreply, s}
  end
  def terminate(r, s), do: Ev.add(s.label, {:terminate, s.label, r})
end

defmodule T do
  def show(name, v), do: IO.puts("#{name}: #{inspect(Ev.norm(v))}")
  def events(label), do: Ev.events(label)
  # how a process ended, or :alive if it is still running a moment later
  def fate(pid) do
    try do
      until("#{inspect(pid)} ended", fn -> Ev.ended(pid) != :error end, 200)
      {:ok, r} = Ev.ended(pid)
      r
    rescue
      RuntimeError -> :alive
    end
  end
  def until(what, f, deadline \\ 2000) do
    cond do
      f.() -> :ok
      deadline <= 0 -> raise "never #{what}"
      true -> Process.sleep(1); until(what, f, deadline - 1)
    end
  end
  def gone(label) do
    pid = A.start(label)
    Process.exit(pid, :kill)
    :killed = fate(pid)
    pid
  end
  def link(by, pid), do: A.run(by, fn -> Process.link(pid) end)
  def exit(by, pid, r), do: A.run(by, fn -> Process.exit(pid, r) end)
  def crash(pid), do: (try do GenServer.call(pid, :boom) catch :exit, _ -> :crashed end)
  def queued(n), do: until("#{n} queued", fn -> Process.info(self(), :message_queue_len) == {:message_queue_len, n} end)
end

Ev.start()

# A: exit(self(), :normal) in a process that does not trap exits ends it, and its links see :normal
Ev.reset()
p = A.start(:p); trap = A.start(:trap, true); plain = A.start(:plain)
T.link(trap, p); T.link(plain, p)
T.show("A exit self", (try do A.run(p, fn -> Process.exit(self(), :normal) end) catch :exit, {r, _} -> {:exit, r} end))
T.show("A p", T.fate(p)); T.show("A p events", T.events(:p))
T.show("A trap events", T.events(:trap)); T.show("A plain", T.fate(plain))

# B: exit(self(), :normal) in a trapping process that another started linked: a message
Ev.reset()
parent = A.start(:parent)
t = A.run(parent, fn -> A.start_link(:t, true) end)
T.show("B exit self", A.run(t, fn -> Process.exit(self(), :normal) end))
T.show("B t", T.fate(t)); T.show("B t events", T.events(:t)); T.show("B parent", T.fate(parent))

# C: exit(self(), :normal) in a trapping process started unlinked: gen_server's parent is itself, so it stops
Ev.reset()
t = A.start(:t, true)
T.show("C exit self", A.run(t, fn -> Process.exit(self(), :normal) end))
T.show("C t", T.fate(t)); T.show("C t events", T.events(:t))

# D: exit(pid, :normal) from another process: ignored unless the target traps exits, which gets a message
Ev.reset()
sender = A.start(:sender); plain = A.start(:plain); trap = A.start(:trap, true)
T.exit(sender, plain, :normal); T.exit(sender, trap, :normal)
T.show("D plain", T.fate(plain)); T.show("D plain events", T.events(:plain))
T.show("D trap", T.fate(trap)); T.show("D trap events", T.events(:trap))

# E: exit(pid, :kill) to a trapping process: killed; its monitor and links see :killed
Ev.reset()
sender = A.start(:sender); watcher = A.start(:watcher); t = A.start(:t, true)
trap = A.start(:trap, true); plain = A.start(:plain)
T.link(trap, t); T.link(plain, t)
Ev.name(A.run(watcher, fn -> Process.monitor(t) end), :ref)
T.exit(sender, t, :kill)
T.show("E t", T.fate(t)); T.show("E t events", T.events(:t))
T.until("watcher's DOWN", fn -> T.events(:watcher) != [] end)
T.show("E watcher events", T.events(:watcher))
T.show("E plain", T.fate(plain))
T.until("trap's EXIT", fn -> T.events(:trap) != [] end)
T.show("E trap events", T.events(:trap)); T.show("E trap", T.fate(trap))

# F: exit(pid, :killed) is an ordinary reason: a trapping target gets a message, a plain one dies of it
Ev.reset()
sender = A.start(:sender); trap = A.start(:trap, true); plain = A.start(:plain)
T.exit(sender, trap, :killed); T.exit(sender, plain, :killed)
T.show("F trap", T.fate(trap)); T.show("F trap events", T.events(:trap))
T.show("F plain", T.fate(plain))

# G: link to a dead process: {:EXIT, pid, :noproc} when trapping, else a noproc error the caller may catch
Ev.reset()
gone = T.gone(:gone); trap = A.start(:trap, true); plain = A.start(:plain)
T.show("G trap link", T.link(trap, gone))
T.show("G plain link", A.run(plain, fn ->
  try do Process.link(gone) rescue e in ErlangError -> {:error, e.original} end
end))
T.show("G trap", T.fate(trap)); T.show("G trap events", T.events(:trap))
T.show("G plain", T.fate(plain)); T.show("G plain events", T.events(:plain))

# H, I: a linked process ending :normal, then {:shutdown, :x}: a trapping partner gets the reason, a plain one dies
# of it unless it is :normal
for {scenario, reason} <- [{"H", :normal}, {"I", {:shutdown, :x}}] do
  Ev.reset()
  t = A.start(:t); trap = A.start(:trap, true); plain = A.start(:plain)
  T.link(trap, t); T.link(plain, t)
  GenServer.call(t, {:stop, reason})
  T.show("#{scenario} t", T.fate(t)); T.show("#{scenario} t events", T.events(:t))
  T.show("#{scenario} plain", T.fate(plain))
  T.until("trap's EXIT", fn -> T.events(:trap) != [] end)
  T.show("#{scenario} trap events", T.events(:trap)); T.show("#{scenario} trap", T.fate(trap))
end

# J: unlinked before the partner crashes: no EXIT, no death
Ev.reset()
b = A.start(:b); trap = A.start(:trap, true); plain = A.start(:plain)
A.run(trap, fn -> Process.link(b); Process.unlink(b) end); A.run(plain, fn -> Process.link(b); Process.unlink(b) end)
T.crash(b)
T.show("J b", T.fate(b)); T.show("J b events", T.events(:b))
T.show("J trap", T.fate(trap)); T.show("J trap events", T.events(:trap))
T.show("J plain", T.fate(plain))

# K: an EXIT already queued when the process unlinks stays in its mailbox
Ev.reset()
b = A.start(:b); a = A.start(:a, true)
T.show("K inside a", A.run(a, fn -> Process.link(b); T.crash(b); Process.unlink(b) end))
T.show("K a", T.fate(a)); T.show("K a events", T.events(:a))

# L: trap_exit turned off with an EXIT queued: it stays a message, the process lives
Ev.reset()
b = A.start(:b); a = A.start(:a, true)
T.show("L inside a", A.run(a, fn -> Process.link(b); T.crash(b); Process.flag(:trap_exit, false) end))
T.show("L a", T.fate(a)); T.show("L a events", T.events(:a))

# M: a monitor of a dead process: DOWN :noproc at once
Ev.reset()
gone = T.gone(:gone); watcher = A.start(:watcher)
Ev.name(A.run(watcher, fn -> Process.monitor(gone) end), :ref)
T.until("watcher's DOWN", fn -> T.events(:watcher) != [] end)
T.show("M watcher events", T.events(:watcher))

# N: demonitor with :info: true while active, false after; false once fired, the DOWN staying queued
Ev.reset()
t = A.start(:t); u = A.start(:u); watcher = A.start(:watcher)
T.show("N active", A.run(watcher, fn ->
  ref = Process.monitor(t)
  {:erlang.demonitor(ref, [:info]), :erlang.demonitor(ref, [:info])}
end))
T.show("N fired", A.run(watcher, fn ->
  ref = Process.monitor(u); Ev.name(ref, :ref)
  Process.exit(u, :kill); T.queued(1)
  :erlang.demonitor(ref, [:info])
end))
T.until("watcher's DOWN", fn -> T.events(:watcher) != [] end)
T.show("N watcher events", T.events(:watcher))

# O: demonitor with [:flush, :info]: true while active; false once fired, and the DOWN is gone
Ev.reset()
t = A.start(:t); u = A.start(:u); watcher = A.start(:watcher)
T.show("O active", A.run(watcher, fn -> :erlang.demonitor(Process.monitor(t), [:flush, :info]) end))
T.show("O fired", A.run(watcher, fn ->
  ref = Process.monitor(u)
  Process.exit(u, :kill); T.queued(1)
  :erlang.demonitor(ref, [:flush, :info])
end))
T.show("O watcher events", T.events(:watcher))

# P: two monitors of one process: two DOWNs, in the order the monitors were made
Ev.reset()
t = A.start(:t); watcher = A.start(:watcher)
Ev.name(A.run(watcher, fn -> Process.monitor(t) end), :r1)
Ev.name(A.run(watcher, fn -> Process.monitor(t) end), :r2)
Process.exit(t, :kill)
T.until("watcher's DOWNs", fn -> length(T.events(:watcher)) == 2 end)
T.show("P watcher events", T.events(:watcher))

# Q: a trapping process both linked to and monitoring a process gets the EXIT before the DOWN
Ev.reset()
t = A.start(:t); a = A.start(:a, true)
Ev.name(A.run(a, fn -> ref = Process.monitor(t); Process.link(t); ref end), :ref)
Process.exit(t, :kill)
T.until("a's EXIT and DOWN", fn -> length(T.events(:a)) == 2 end)
T.show("Q a events", T.events(:a))

# R: the name of a process is free when a DOWN for it is handled: whereis is nil, a new start under it succeeds
Ev.reset()
t = A.start(:t, false, name: :r_name); watcher = A.start(:watcher)
GenServer.call(watcher, {:hook, fn ->
  whereis = Process.whereis(:r_name)
  {whereis, (case GenServer.start(A, {:again, false}, name: :r_name) do {:ok, _} -> {:ok, :pid}; other -> other end)}
end})
Ev.name(A.run(watcher, fn -> Process.monitor(t) end), :ref)
Process.exit(t, :kill)
T.until("watcher's DOWN handled", fn -> length(T.events(:watcher)) == 2 end)
T.show("R watcher events", T.events(:watcher))

# S: exit(t, reason) to a trapping process that its parent (a plain process) started linked: from the parent it is
# the parent's exit, which gen_server takes as a stop, terminate and all, whatever the reason, :normal too; from any
# other process it is a message. t's exit then takes its parent with it, unless it is :normal (so the parent's reply
# to the call that made it send the signal races with its death, and is not printed). Last, the parent itself
# exiting :normal: a trapping child stops with it, a plain one, for which :normal is no signal, lives on.
for {from, reason} <- [{:parent, :normal}, {:parent, :foo}, {:sender, :normal}, {:sender, :foo}] do
  Ev.reset()
  parent = A.start(:parent); sender = A.start(:sender)
  t = A.run(parent, fn -> A.start_link(:t, true) end)
  try do T.exit(if(from == :parent, do: parent, else: sender), t, reason) catch :exit, _ -> :parent_ended end
  label = "S #{from} #{reason}"
  T.show("#{label} t", T.fate(t)); T.show("#{label} t events", T.events(:t))
  T.show("#{label} parent", T.fate(parent))
end
Ev.reset()
parent = A.start(:parent)
t = A.run(parent, fn -> A.start_link(:t, true) end); plain = A.run(parent, fn -> A.start_link(:plain, false) end)
GenServer.call(parent, {:stop, :normal})
T.show("S parent stopped normal", T.fate(parent))
T.show("S parent stopped normal t", T.fate(t)); T.show("S parent stopped normal t events", T.events(:t))
T.show("S parent stopped normal plain", T.fate(plain))

# T: a process waiting in a call (no timeout; the server holds it) when a process linked to it crashes: one that
# does not trap exits dies of it at once, call or not; one that traps goes on waiting, has the reply, then the EXIT
for trap <- [false, true] do
  Ev.reset()
  b = A.start(:b); l = A.start(:l); a = A.start(:a, trap)
  T.link(a, l)
  hold = fn -> Ev.add(:b, :holding); receive do :answer -> :late end end
  waiting = Task.async(fn ->
    try do
      A.run(a, fn -> r = GenServer.call(b, {:run, hold}, :infinity); Ev.add(:a, {:reply, r}); r end)
    catch
      :exit, {r, _} -> {:exit, r}
    end
  end)
  T.until("b holds the call", fn -> T.events(:b) == [:holding] end)
  T.crash(l)
  T.show("T trap=#{trap} a before the answer", T.fate(a))
  send(b, :answer)
  T.show("T trap=#{trap} waiting call", Task.await(waiting))
  if trap, do: T.until("a's EXIT", fn -> length(T.events(:a)) == 2 end)
  T.show("T trap=#{trap} a events", T.events(:a))
  T.show("T trap=#{trap} a", T.fate(a)); T.show("T trap=#{trap} b", T.fate(b))
end

# U: gen.erl's parent of a process started monitored (:gen_server.start_monitor, do_spawn(GenMod, monitor, ...)) is
# its starter, though nothing links them: an exit signal from the starter stops a trapping child with terminate,
# whatever the reason, and the starter's monitor sees it; from any other process it is a message. The starter's own
# exit does not reach the child, which no link ties to it.
for {from, reason} <- [{:parent, :normal}, {:parent, :foo}, {:sender, :normal}, {:sender, :foo}] do
  Ev.reset()
  parent = A.start(:parent); sender = A.start(:sender)
  t = A.run(parent, fn ->
    {:ok, {pid, ref}} = :gen_server.start_monitor(A, {:t, true}, [])
    Ev.name(pid, :t); Ev.name(ref, :mon); pid
  end)
  T.exit(if(from == :parent, do: parent, else: sender), t, reason)
  label = "U #{from} #{reason}"
  T.show("#{label} t", T.fate(t)); T.show("#{label} t events", T.events(:t))
  if from == :parent, do: T.until("parent's DOWN", fn -> T.events(:parent) != [] end)
  T.show("#{label} parent events", T.events(:parent))
end
Ev.reset()
parent = A.start(:parent)
t = A.run(parent, fn ->
  {:ok, {pid, _ref}} = :gen_server.start_monitor(A, {:t, true}, [])
  Ev.name(pid, :t); pid
end)
GenServer.call(parent, {:stop, :foo})
T.show("U parent stopped foo", T.fate(parent))
T.show("U parent stopped foo t", T.fate(t)); T.show("U parent stopped foo t events", T.events(:t))

# V: a linked process that stops with :kill by its own choice ({:stop, :kill, :bye, s}): only Process.exit(pid, :kill)
# is untrappable, so its :kill reaches its links as an ordinary reason: a trapping partner gets it as a message, a
# plain one dies of it, as :kill, not :killed, and so passes it on to its own links
Ev.reset()
t = A.start(:t); trap = A.start(:trap, true); plain = A.start(:plain); next = A.start(:next)
T.link(trap, t); T.link(plain, t); T.link(next, plain)
GenServer.call(t, {:stop, :kill})
T.show("V t", T.fate(t)); T.show("V t events", T.events(:t))
T.show("V plain", T.fate(plain)); T.show("V next", T.fate(next))
T.until("trap's EXIT", fn -> T.events(:trap) != [] end)
T.show("V trap events", T.events(:trap)); T.show("V trap", T.fate(trap))
