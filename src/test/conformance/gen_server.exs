# GenServers as OTP runs them: the scenarios of runtime.GenServerConformanceTest, each printing the lines that test
# prints from the runtime. Its output is the record the test compares with:
#   elixir src/test/conformance/gen_server.exs > src/test/resources/conformance/gen_server.txt
# (recorded with Elixir 1.14 on OTP 25). A server S runs the callbacks a scenario gives it and records, by default,
# each cast, info, continue and terminate; what it records prints as a list of terms. Nothing prints a pid, a ref
# or a stack trace: a pid prints as :pid (or :first), a raise as :crash, a caller's exit as {:exit, reason}. Time
# passes for real here (the test moves its time by hand): L, M and N sleep well clear of their timeouts, and S's stop
# times out for real.
Logger.configure(level: :none)
:logger.set_primary_config(:level, :none)

Code.require_file("events.exs", __DIR__)

defmodule S do
  use GenServer
  # the argument is a map of the callbacks a scenario gives; it is also the state
  def init(%{init: f} = st), do: f.(st)
  def init(st), do: {:ok, st}
  def handle_call(msg, from, %{call: f} = st), do: f.(msg, from, st)
  def handle_cast(msg, %{cast: f} = st), do: f.(msg, st)
  def handle_cast(msg, st), do: (Ev.add({:cast, msg}); {:noreply, st})
  def handle_info(msg, %{info: f} = st), do: f.(msg, st)
  def handle_info(msg, st), do: (Ev.add({:info, msg}); {:noreply, st})
  def handle_continue(arg, %{cont: f} = st), do: f.(arg, st)
  def terminate(reason, %{term: f} = st), do: f.(reason, st)
  def terminate(reason, _st), do: Ev.add({:terminate, T.norm(reason)})
end

defmodule T do
  def show(label, v), do: IO.puts("#{label}: #{inspect(v)}")
  # a list of recorded terms, each as inspect prints it ([{:info, :timeout}], never [info: :timeout])
  def events(es), do: "[" <> Enum.map_join(es, ", ", &inspect/1) <> "]"
  def show_events(label, es \\ Ev.events()), do: IO.puts("#{label}: #{events(es)}")
  def norm({%{__exception__: true}, _stack}), do: :crash
  def norm({reason, {GenServer, _, _}}), do: norm(reason)
  def norm({reason, {:sys, _, _}}), do: norm(reason)
  def norm(reason), do: reason
  # what a call answers, or {:exit, reason} for the caller's exit
  def attempt(f) do
    try do f.() catch :exit, r -> {:exit, norm(r)} end
  end
  # waits until pid's mailbox holds n messages
  def queued(pid, n) do
    case Process.info(pid, :message_queue_len) do
      {:message_queue_len, ^n} -> :ok
      _ -> Process.sleep(1); queued(pid, n)
    end
  end
  def down(ref), do: (receive do {:DOWN, ^ref, _, _, r} -> norm(r) after 2000 -> :no_down end)
  def start(callbacks, opts \\ []), do: GenServer.start(S, callbacks, opts)
end

Ev.start()

# A: init returns {:ok, s, {:continue, :c}}: start returns first, and the continue runs before a queued cast
Ev.reset()
{:ok, pid} = T.start(%{
  init: fn st -> {:ok, st, {:continue, :c}} end,
  cont: fn :c, st ->
    r = receive do :go -> :got_go after 5000 -> :start_waited end
    Ev.add({:continue, r}); {:noreply, st}
  end})
GenServer.cast(pid, :queued)
send(pid, :go)
:sys.get_state(pid)
T.show_events("A events")
GenServer.stop(pid)

# B: a chain of continues after a cast runs before the sys request, call and stop queued behind that cast
Ev.reset()
{:ok, pid} = T.start(%{
  cast: fn :block, st -> Ev.add({:cast, :block}); receive do :release -> :ok end; {:noreply, st, {:continue, 1}} end,
  cont: fn
    1, st -> Ev.add({:continue, 1}); {:noreply, Map.put(st, :v, :c1), {:continue, 2}}
    2, st -> Ev.add({:continue, 2}); {:noreply, Map.put(st, :v, :c2)}
  end,
  call: fn :get, _, st -> Ev.add({:call, :get}); {:reply, st[:v], st} end})
GenServer.cast(pid, :block)
Ev.await(1)
sys = Task.async(fn -> :sys.get_state(pid)[:v] end); T.queued(pid, 1)
call = Task.async(fn -> GenServer.call(pid, :get) end); T.queued(pid, 2)
stop = Task.async(fn -> GenServer.stop(pid) end); T.queued(pid, 3)
send(pid, :release)
T.show("B get_state", Task.await(sys))
T.show("B call", Task.await(call))
T.show("B stop", Task.await(stop))
T.show_events("B events")

# C: {:reply, r, s, {:continue, c}}: the caller has r while the continue still runs
Ev.reset()
{:ok, pid} = T.start(%{
  call: fn
    :go, _, st -> {:reply, :r, st, {:continue, :c}}
    :get, _, st -> {:reply, st[:v], st}
  end,
  cont: fn :c, st ->
    r = receive do :caller_back -> :caller_had_reply after 5000 -> :caller_waited end
    {:noreply, Map.put(st, :v, r)}
  end})
T.show("C call", GenServer.call(pid, :go))
send(pid, :caller_back)
T.show("C continue", GenServer.call(pid, :get))
GenServer.stop(pid)

# D: {:stop, reason, reply, s}: terminate has run when the caller has the reply; monitors see the reason
for reason <- [:normal, :other] do
  Ev.reset()
  {:ok, pid} = T.start(%{call: fn :stop, _, st -> {:stop, reason, :bye, st} end})
  ref = Process.monitor(pid)
  T.show("D #{reason} call", T.attempt(fn -> GenServer.call(pid, :stop) end))
  T.show_events("D #{reason} events at the reply")
  T.show("D #{reason} down", T.down(ref))
end

# E: a call queued behind {:stop, :normal, reply, s} fails with the server's exit reason
Ev.reset()
{:ok, pid} = T.start(%{call: fn
  :stop, _, st -> Ev.add({:call, :stop}); receive do :release -> :ok end; {:stop, :normal, :bye, st}
  :get, _, st -> {:reply, :got, st}
end})
stopping = Task.async(fn -> T.attempt(fn -> GenServer.call(pid, :stop) end) end)
Ev.await(1)
queued = Task.async(fn -> T.attempt(fn -> GenServer.call(pid, :get) end) end)
T.queued(pid, 1)
send(pid, :release)
T.show("E stopping call", Task.await(stopping))
T.show("E queued call", Task.await(queued))
T.show_events("E events")

# F: {:stop, reason, s} from a call: the caller exits with the reason, unless the server replied first
Ev.reset()
{:ok, pid} = T.start(%{call: fn :stop, _, st -> {:stop, :bye, st} end})
ref = Process.monitor(pid)
T.show("F call", T.attempt(fn -> GenServer.call(pid, :stop) end))
T.show("F down", T.down(ref))
T.show_events("F events")
Ev.reset()
{:ok, pid} = T.start(%{call: fn :stop, from, st -> GenServer.reply(from, :early); {:stop, :bye, st} end})
ref = Process.monitor(pid)
T.show("F replied first", T.attempt(fn -> GenServer.call(pid, :stop) end))
T.show("F replied first down", T.down(ref))
T.show_events("F replied first events")

# G: GenServer.stop with each reason, trapping exits or not: terminate runs with it, monitors see it
for trap <- [false, true], reason <- [:normal, :shutdown, :other] do
  Ev.reset()
  {:ok, pid} = T.start(%{init: fn st -> Process.flag(:trap_exit, trap); {:ok, st} end})
  ref = Process.monitor(pid)
  r = T.attempt(fn -> GenServer.stop(pid, reason) end)
  down = T.down(ref)
  IO.puts("G trap=#{trap} #{reason}: stop #{inspect(r)}, events #{T.events(Ev.events())}, down #{inspect(down)}")
end

# H: init returning {:stop, r}, :ignore or raising: no terminate, and the name is free again
for {kind, init} <- [stop: fn _ -> {:stop, :nope} end, ignore: fn _ -> :ignore end,
                     raise: fn _ -> raise ArgumentError, "bad" end] do
  Ev.reset()
  r = case T.start(%{init: fn st -> Ev.add({:init, kind}); init.(st) end}, name: :h) do
    {:error, e} -> {:error, T.norm(e)}
    other -> other
  end
  T.show("H #{kind} start", r)
  T.show_events("H #{kind} events")
  T.show("H #{kind} whereis", Process.whereis(:h))
end
{:ok, pid} = T.start(%{}, name: :h)
T.show("H name taken again", Process.whereis(:h) == pid)
GenServer.stop(pid)

# I: a second start under a taken name answers already_started with the holder; its init never runs
Ev.reset()
{:ok, first} = T.start(%{init: fn st -> Ev.add({:init, :first}); {:ok, st} end}, name: :i)
r = T.start(%{init: fn st -> Ev.add({:init, :second}); {:ok, st} end}, name: :i)
r = case r do {:error, {:already_started, ^first}} -> {:error, {:already_started, :first}}; o -> o end
T.show("I second start", r)
T.show_events("I events")
GenServer.stop(first)

# J: a call to a name nobody holds, or to a pid that has exited, exits with :noproc
{:ok, pid} = T.start(%{})
GenServer.stop(pid)
T.show("J call to a free name", T.attempt(fn -> GenServer.call(:nobody, :get) end))
T.show("J call to an exited pid", T.attempt(fn -> GenServer.call(pid, :get) end))
T.show("J cast to a free name", GenServer.cast(:nobody, :x))

# K: after a call timed out, the server's late reply never reaches the caller
Ev.reset()
{:ok, pid} = T.start(%{call: fn
  :slow, from, st -> {:noreply, Map.put(st, :from, from)}
  :late, _, st -> {:reply, GenServer.reply(st.from, :late_answer), st}
end})
caller = Task.async(fn ->
  slow = T.attempt(fn -> GenServer.call(pid, :slow, 100) end)
  late = GenServer.call(pid, :late)
  {:messages, mailbox} = Process.info(self(), :messages)
  {slow, late, mailbox}
end)
{slow, late, mailbox} = Task.await(caller)
T.show("K slow call", slow)
T.show("K late reply", late)
T.show("K caller mailbox", mailbox)
GenServer.stop(pid)

# L: a timeout returned from handle_continue fires as in any other callback
Ev.reset()
{:ok, pid} = T.start(%{
  init: fn st -> {:ok, st, {:continue, :c}} end,
  cont: fn :c, st -> Ev.add({:continue, :c}); {:noreply, st, 100} end})
Process.sleep(50)
T.show_events("L events after 50 ms")
Ev.await(2)
T.show_events("L events after 100 ms")
GenServer.stop(pid)

# M: :hibernate from a callback cancels the timeout set before it
Ev.reset()
{:ok, pid} = T.start(%{
  init: fn st -> {:ok, st, 100} end,
  cast: fn :h, st -> Ev.add({:cast, :h}); {:noreply, st, :hibernate} end})
GenServer.cast(pid, :h)
Process.sleep(250)
T.show_events("M events after 250 ms")
GenServer.stop(pid)

# N: :sys.replace_state restarts the timeout: it falls due a whole timeout after the request
Ev.reset()
{:ok, pid} = T.start(%{init: fn st -> {:ok, st, 200} end})
Process.sleep(120)
:sys.replace_state(pid, & &1)
Process.sleep(120)
T.show_events("N events 120 ms after the replace")
Ev.await(1)
T.show_events("N events 200 ms after the replace")
GenServer.stop(pid)

# O: a zero timeout gives way to a message already queued; with none queued it fires
Ev.reset()
{:ok, pid} = T.start(%{cast: fn
  :x, st -> Ev.add({:cast, :x}); send(self(), :self_msg); {:noreply, st, 0}
  :y, st -> Ev.add({:cast, :y}); {:noreply, st, 0}
end})
GenServer.cast(pid, :x)
Ev.await(2)
:sys.get_state(pid)
T.show_events("O events behind a queued message")
Ev.reset()
GenServer.cast(pid, :y)
Ev.await(2)
T.show_events("O events with none queued")
GenServer.stop(pid)

# P: {:noreply, s, {:continue, c}} from a call: the continue answers the caller through its from
Ev.reset()
{:ok, pid} = T.start(%{
  call: fn :go, from, st -> {:noreply, Map.put(st, :from, from), {:continue, :c}} end,
  cont: fn :c, st -> GenServer.reply(st.from, :from_continue); {:noreply, st} end})
T.show("P call", GenServer.call(pid, :go))
GenServer.stop(pid)

# Q: a call that exits because its server stopped, let through by the callback: the caller exits
# {reason, {GenServer, :call, _}} and terminate runs with it; only a bare :shutdown so wrapped is a shutdown (no crash
# report, a transient child not restarted: {:shutdown, _}), any other reason an abnormal exit, {:shutdown, :shutdown}
# too; in init too
defmodule Q do
  def run(reason) do
    Ev.reset()
    {:ok, b} = T.start(%{call: fn :slow, _from, st -> Ev.add({:call, :slow}); {:noreply, st} end})
    {:ok, a} = T.start(%{cast: fn :go, st -> GenServer.call(b, :slow, :infinity); {:noreply, st} end})
    ref = Process.monitor(a)
    GenServer.cast(a, :go)
    Ev.await(1)
    if reason == :killed, do: Process.exit(b, :kill), else: GenServer.stop(b, reason)
    r = down(ref)
    shape = case r do {k, {GenServer, :call, _}} -> {k, :call}; other -> other end
    label = "Q #{inspect(reason)}"
    T.show("#{label} caller's exit", shape)
    T.show("#{label} a shutdown", r == :shutdown or match?({:shutdown, _}, r))
    T.show_events("#{label} events")
  end
  def down(ref), do: (receive do {:DOWN, ^ref, _, _, r} -> r after 2000 -> :no_down end)
end
for reason <- [:shutdown, {:shutdown, :bye}, {:shutdown, :shutdown}, :normal, :killed], do: Q.run(reason)
# the same in init: the start fails with the caller's exit
Ev.reset()
{:ok, b} = T.start(%{call: fn :slow, _from, st -> Ev.add({:call, :slow}); {:noreply, st} end})
start = Task.async(fn -> T.start(%{init: fn st -> GenServer.call(b, :slow, :infinity); {:ok, st} end}) end)
Ev.await(1)
GenServer.stop(b, :shutdown)
{:error, r} = Task.await(start)
T.show("Q init start", {:error, case r do {k, {GenServer, :call, _}} -> {k, :call}; other -> other end})
T.show("Q init a shutdown", r == :shutdown or match?({:shutdown, _}, r))
# a stop the server never took (busy, it was ended first): GenServer.stop exits {{reason, {:sys, :terminate, _}},
# {GenServer, :stop, _}}, never a shutdown
Ev.reset()
{:ok, b} = T.start(%{cast: fn :block, st -> Ev.add({:cast, :block}); receive do :never -> :ok end; {:noreply, st} end})
GenServer.cast(b, :block)
Ev.await(1)
{:ok, a} = T.start(%{cast: fn :go, st -> GenServer.stop(b, :normal); {:noreply, st} end})
ref = Process.monitor(a)
GenServer.cast(a, :go)
T.queued(b, 1)
Process.exit(b, :shutdown)
r = Q.down(ref)
T.show("Q untaken stop caller's exit", case r do
  {{k, {:sys, :terminate, _}}, {GenServer, :stop, _}} -> {{k, :sys}, :stop}
  {k, {GenServer, :stop, _}} -> {k, :stop}
  other -> other
end)
T.show("Q untaken stop a shutdown", r == :shutdown or match?({:shutdown, _}, r))
# a request's reply waited for (gen_server:wait_response): the server's exit is an error the wait answers, not an exit
# of the waiter; a callback that lets it through (here raises on anything but {:reply, _}) crashes: no shutdown
Ev.reset()
{:ok, b} = T.start(%{call: fn :slow, _from, st -> Ev.add({:call, :slow}); {:noreply, st} end})
{:ok, a} = T.start(%{cast: fn :go, st ->
  answer = :gen_server.wait_response(:gen_server.send_request(b, :slow), :infinity)
  Ev.add({:answer, case answer do {:error, {r, ^b}} -> {:error, {r, :b}}; other -> other end})
  unless match?({:reply, _}, answer), do: raise("no reply")
  {:noreply, st}
end})
ref = Process.monitor(a)
GenServer.cast(a, :go)
Ev.await(1)
GenServer.stop(b, :shutdown)
r = Q.down(ref)
T.show("Q request caller's exit", T.norm(r))
T.show("Q request a shutdown", r == :shutdown or match?({:shutdown, _}, r))
T.show_events("Q request events")

# R: a process stopping (GenServer.stop), its terminate waiting until released: it is alive and keeps its name, a
# local one or a Registry key, until it has exited, so a start under the name is refused with the stopping process;
# a monitor, a link and a call made meanwhile all see its real exit reason
{:ok, _} = Registry.start_link(keys: :unique, name: Reg)
for kind <- [:local, :via] do
  Ev.reset()
  name = if kind == :local, do: :r, else: {:via, Registry, {Reg, :r}}
  {:ok, pid} = T.start(%{
    term: fn r, _ -> Ev.add({:terminate, T.norm(r)}); receive do :release -> :ok end; Ev.add(:terminated) end,
    call: fn :get, _, st -> {:reply, :got, st} end}, name: name)
  stopper = Task.async(fn -> T.attempt(fn -> GenServer.stop(pid) end) end)
  Ev.await(1)
  T.show("R #{kind} alive in terminate", Process.alive?(pid))
  T.show("R #{kind} whereis in terminate", GenServer.whereis(name) == pid)
  T.show("R #{kind} start under the name in terminate", case T.start(%{}, name: name) do
    {:error, {:already_started, ^pid}} -> {:error, {:already_started, :the_stopping_process}}
    {:ok, other} -> GenServer.stop(other); {:ok, :pid}
    other -> other
  end)
  ref = Process.monitor(pid)
  {:ok, linker} = T.start(%{
    init: fn st -> Process.flag(:trap_exit, true); {:ok, st} end,
    call: fn {:link, p}, _, st -> {:reply, Process.link(p), st} end,
    info: fn {:EXIT, _, r}, st -> Ev.add({:linker, {:EXIT, :pid, T.norm(r)}}); {:noreply, st} end})
  T.show("R #{kind} link in terminate", GenServer.call(linker, {:link, pid}))
  call = Task.async(fn -> T.attempt(fn -> GenServer.call(pid, :get) end) end)
  T.queued(pid, 1)
  send(pid, :release)
  T.show("R #{kind} stop", Task.await(stopper))
  T.show("R #{kind} monitor made in terminate", T.down(ref))
  T.show("R #{kind} call made in terminate", Task.await(call))
  :sys.get_state(linker)
  T.show_events("R #{kind} events")
  GenServer.stop(linker)
end

# S: GenServer.stop with a timeout (100 ms) the server overruns, busy in a cast until released: the stopper exits
# :timeout, but its request stays queued (proc_lib:stop's sys:terminate was sent), so the server, still alive once the
# stop has timed out, stops when it gets to it
Ev.reset()
{:ok, pid} = T.start(%{cast: fn :block, st ->
  Ev.add({:cast, :block}); receive do :release -> :ok end; Ev.add(:released); {:noreply, st}
end})
ref = Process.monitor(pid)
GenServer.cast(pid, :block)
Ev.await(1)
T.show("S stop", T.attempt(fn -> GenServer.stop(pid, :normal, 100) end))
T.show("S alive once the stop timed out", Process.alive?(pid))
send(pid, :release)
T.show("S down", T.down(ref))
T.show_events("S events")

# T: a process still in its init (held there until released), under a name: whereis finds it and a start under the
# name is refused with it; a call, a :sys.get_state and a cast made by name meanwhile wait in its mailbox and are
# handled once init returns, after its continue, in the order they came (the continue and the call each set the
# state, the call answers the one it found, get_state the one the call left). If init returns :ignore or
# {:stop, :nope} instead, the call and the get_state exit with its exit reason, as a monitor made meanwhile sees it,
# and the name is free
for outcome <- [:ok, :ignore, :stop] do
  Ev.reset()
  me = self()
  starter = Task.async(fn ->
    T.start(%{
      init: fn st ->
        send(me, {:in_init, self()})
        receive do :release -> :ok end
        case outcome do
          :ok -> {:ok, Map.put(st, :v, :init), {:continue, :c}}
          :ignore -> :ignore
          :stop -> {:stop, :nope}
        end
      end,
      cont: fn :c, st -> Ev.add({:continue, :c}); {:noreply, Map.put(st, :v, :continued)} end,
      call: fn :set, _, st -> Ev.add({:call, :set}); {:reply, st[:v], Map.put(st, :v, :called)} end}, name: :t)
  end)
  pid = receive do {:in_init, p} -> p end
  label = "T #{outcome}"
  T.show("#{label} whereis in init", Process.whereis(:t) == pid)
  T.show("#{label} start under the name in init", case T.start(%{}, name: :t) do
    {:error, {:already_started, ^pid}} -> {:error, {:already_started, :the_starting_process}}
    {:ok, other} -> GenServer.stop(other); {:ok, :pid}
    other -> other
  end)
  ref = Process.monitor(pid)
  call = Task.async(fn -> T.attempt(fn -> GenServer.call(:t, :set) end) end)
  T.queued(pid, 1)
  sys = Task.async(fn -> T.attempt(fn -> :sys.get_state(:t)[:v] end) end)
  T.queued(pid, 2)
  GenServer.cast(:t, :queued)
  T.queued(pid, 3)
  send(pid, :release)
  T.show("#{label} start", case Task.await(starter) do
    {:ok, ^pid} -> {:ok, :pid}
    {:error, r} -> {:error, T.norm(r)}
    other -> other
  end)
  T.show("#{label} call made in init", Task.await(call))
  T.show("#{label} get_state made in init", Task.await(sys))
  if outcome == :ok, do: GenServer.stop(pid)
  T.show("#{label} down", T.down(ref))
  T.show_events("#{label} events")
  T.show("#{label} whereis at the end", Process.whereis(:t))
end

# U: a terminate that raises after {:stop, reason, reply, s}: the caller still has the reply (gen_server's handle_msg
# replies in an `after`), and a monitor sees terminate's crash, whatever the reason asked; after a cast's
# {:stop, :normal, s}, a call queued behind it exits with that crash
for reason <- [:normal, :other] do
  Ev.reset()
  {:ok, pid} = T.start(%{
    call: fn :stop, _, st -> {:stop, reason, :bye, st} end,
    term: fn r, _ -> Ev.add({:terminate, T.norm(r)}); raise "terminate failed" end})
  ref = Process.monitor(pid)
  T.show("U #{reason} call", T.attempt(fn -> GenServer.call(pid, :stop) end))
  T.show("U #{reason} down", T.down(ref))
  T.show_events("U #{reason} events")
end
Ev.reset()
{:ok, pid} = T.start(%{
  cast: fn :stop, st -> Ev.add({:cast, :stop}); receive do :release -> :ok end; {:stop, :normal, st} end,
  call: fn :get, _, st -> {:reply, :got, st} end,
  term: fn r, _ -> Ev.add({:terminate, T.norm(r)}); raise "terminate failed" end})
ref = Process.monitor(pid)
GenServer.cast(pid, :stop)
Ev.await(1)
queued = Task.async(fn -> T.attempt(fn -> GenServer.call(pid, :get) end) end)
T.queued(pid, 1)
send(pid, :release)
T.show("U cast stop, queued call", Task.await(queued))
T.show("U cast stop, down", T.down(ref))
T.show_events("U cast stop, events")

# V: a reply given in terminate, through a from kept in the state: the caller whose call stopped the server
# ({:stop, :bye, s}, no reply) has it rather than the exit, and so has a caller left waiting ({:noreply, s}) when
# GenServer.stop stops the server
Ev.reset()
callbacks = %{
  call: fn
    :stop, from, st -> {:stop, :bye, Map.put(st, :from, from)}
    :defer, from, st -> Ev.add({:call, :defer}); {:noreply, Map.put(st, :from, from)}
  end,
  term: fn r, st -> Ev.add({:terminate, T.norm(r)}); GenServer.reply(st.from, {:from_terminate, T.norm(r)}) end}
{:ok, pid} = T.start(callbacks)
T.show("V stopping call", T.attempt(fn -> GenServer.call(pid, :stop) end))
{:ok, pid} = T.start(callbacks)
waiting = Task.async(fn -> T.attempt(fn -> GenServer.call(pid, :defer) end) end)
Ev.await(2)
T.show("V stop", T.attempt(fn -> GenServer.stop(pid, :shutdown) end))
T.show("V waiting call", Task.await(waiting))
T.show_events("V events")
