# Timers as OTP runs them: the scenarios of runtime.TimerConformanceTest, each printing the lines that test prints
# from the runtime. Its output is the record the test compares with:
#   elixir src/test/conformance/timers.exs > src/test/resources/conformance/timers.txt
# (recorded with Elixir 1.14 on OTP 25). A server R records each info it receives as {:info, msg} (or, started with
# a label, {:info, label, msg}), and on a cast {:arm, [{msg, ms}, ...]} starts Process.send_after(self(), msg, ms) for
# each in turn; what it records prints as a list of terms. Time passes for real here (the test moves its time by
# hand), so a time left is printed as a number only where it is exact (a zero timer read at once, or false once a
# timer has ended); elsewhere the line says whether it lies in a range the real time passed cannot leave (read 300 ms
# into a 1000 ms timer: in 600..700). Orders that could depend on chance (E to I) are run many times, and print only
# what every run saw.
Logger.configure(level: :none)
:logger.set_primary_config(:level, :none)

Code.require_file("events.exs", __DIR__)

defmodule R do
  use GenServer
  def init(st), do: {:ok, st}
  def handle_cast({:arm, timers}, st) do
    for {msg, ms} <- timers, do: Process.send_after(self(), msg, ms)
    {:noreply, st}
  end
  def handle_info(msg, nil), do: (Ev.add({:info, msg}); {:noreply, nil})
  def handle_info(msg, label), do: (Ev.add({:info, label, msg}); {:noreply, label})
end

defmodule T do
  def show(label, v), do: IO.puts("#{label}: #{inspect(v)}")
  # a list of recorded terms, each as inspect prints it ([{:info, :tick}], never [info: :tick])
  def events(es), do: "[" <> Enum.map_join(es, ", ", &inspect/1) <> "]"
  def show_events(label, es \\ Ev.events()), do: IO.puts("#{label}: #{events(es)}")
  # a time left, or false, as a range check: false stays false
  def within(false, _range), do: false
  def within(ms, range), do: ms in range
  def start, do: GenServer.start(R, nil)
  def down(ref), do: (receive do {:DOWN, ^ref, _, _, r} -> r after 2000 -> :no_down end)
  # what every one of n runs of f answered, or :varies
  def every(n, f) do
    case Enum.uniq(for _ <- 1..n, do: f.()) do
      [one] -> one
      _ -> :varies
    end
  end
end

Ev.start()

# A: a timer's message comes once its delay has passed, not before; read_timer tells the time left, then false
Ev.reset()
{:ok, r} = T.start()
ref = Process.send_after(r, :tick, 1000)
T.show("A read at once in 900..1000", T.within(Process.read_timer(ref), 900..1000))
Process.sleep(300)
T.show("A read after 300 ms in 600..700", T.within(Process.read_timer(ref), 600..700))
T.show_events("A events after 300 ms")
Ev.await(1)
T.show_events("A events after 1000 ms")
T.show("A read after it fired", Process.read_timer(ref))
T.show("A cancel after it fired", Process.cancel_timer(ref))
GenServer.stop(r)

# B: cancel_timer answers the time left and the message never comes; read and cancel then answer false
Ev.reset()
{:ok, r} = T.start()
ref = Process.send_after(r, :tick, 500)
Process.sleep(200)
T.show("B cancel after 200 ms in 200..300", T.within(Process.cancel_timer(ref), 200..300))
T.show("B read after the cancel", Process.read_timer(ref))
T.show("B cancel again", Process.cancel_timer(ref))
Process.sleep(500)
:sys.get_state(r)
T.show_events("B events after 700 ms")
GenServer.stop(r)

# C: a timer to a pid that has exited is cancelled at once; one pending when its destination exits is cancelled
# by the exit (erlang:send_after/3: "canceled if the process referred to by the pid() is not alive, or if the
# process exits"), so by the time a monitor has the DOWN, read and cancel answer false
{:ok, r} = T.start()
GenServer.stop(r)
ref = Process.send_after(r, :tick, 1000)
T.show("C read of a timer to an exited pid", Process.read_timer(ref))
T.show("C cancel of a timer to an exited pid", Process.cancel_timer(ref))
T.show("C after its destination's DOWN, every one of 100 runs read", T.every(100, fn ->
  {:ok, r} = T.start()
  ref = Process.send_after(r, :tick, 1000)
  mon = Process.monitor(r)
  GenServer.stop(r)
  T.down(mon)
  {Process.read_timer(ref), Process.cancel_timer(ref)}
end))

# D: a timer is bound to its destination, not to the process that started it: it outlives its starter and fires
Ev.reset()
{:ok, r} = T.start()
main = self()
{starter, mon} = spawn_monitor(fn -> send(main, {:ref, Process.send_after(r, :tick, 200)}) end)
ref = receive do {:ref, ref} -> ref end
T.show("D starter down", T.down(mon))
T.show("D starter alive", Process.alive?(starter))
T.show("D read after its starter exited in 1..200", T.within(Process.read_timer(ref), 1..200))
Ev.await(1)
T.show_events("D events after 200 ms")
GenServer.stop(r)

# E: timers come in the order they fall due, whatever the order they were started in; timers of equal delay
# started one after another come in the order they were started (checked over 200 runs, 5 timers of 10 ms)
Ev.reset()
{:ok, r} = T.start()
GenServer.cast(r, {:arm, [a: 300, b: 100, c: 200]})
Ev.await(3)
T.show_events("E events in due order")
GenServer.stop(r)
T.show("E equal delays, every one of 200 runs received", T.every(200, fn ->
  for i <- 1..5, do: Process.send_after(self(), i, 10)
  for _ <- 1..5, do: (receive do m -> m end)
end))

# F: send_after(self(), m, 0) and then at once send(self(), m2): which comes first (checked over 1000 runs); a zero
# timer read or cancelled at once answers 0, and once cancelled its message never comes. erts fires a due timer
# from its timer wheel between the processes it runs, so only once the process that started it yields.
T.show("F zero timer then a send, every one of 1000 runs received", T.every(1000, fn ->
  Process.send_after(self(), :timer, 0)
  send(self(), :sent)
  for _ <- 1..2, do: (receive do m -> m end)
end))
T.show("F zero timer read then cancelled at once, every one of 1000 runs answered", T.every(1000, fn ->
  ref = Process.send_after(self(), :timer, 0)
  answers = {Process.read_timer(ref), Process.cancel_timer(ref)}
  came = receive do :timer -> :came after 5 -> :never end
  {answers, came}
end))
Process.register(self(), :f_main)
T.show("F zero timer to a name then a send, every one of 1000 runs received", T.every(1000, fn ->
  Process.send_after(:f_main, :timer, 0)
  send(self(), :sent)
  for _ <- 1..2, do: (receive do m -> m end)
end))
Process.unregister(:f_main)

# G: a zero timer to another process, started by a server that stops in the same callback, or by an init that
# stops: bound to its destination, not to its starter, it still comes (checked over 100 runs each)
defmodule ZeroThenStop do
  use GenServer
  def init({:zero_then_stop, to, msg}), do: (Process.send_after(to, msg, 0); {:stop, :no})
  def init(st), do: {:ok, st}
  def handle_call({:zero_then_stop, to, msg}, _from, st) do
    Process.send_after(to, msg, 0)
    {:stop, :normal, :ok, st}
  end
end
IO.puts("G a zero timer its starter left behind, every one of 100 runs received: " <> T.every(100, fn ->
  Ev.reset()
  {:ok, r} = T.start()
  {:ok, s} = GenServer.start(ZeroThenStop, nil)
  GenServer.call(s, {:zero_then_stop, r, :tick})
  Ev.await(1)
  GenServer.stop(r)
  T.events(Ev.events())
end))
IO.puts("G a zero timer an init that stopped left behind, every one of 100 runs received: " <> T.every(100, fn ->
  Ev.reset()
  {:ok, r} = T.start()
  {:error, :no} = GenServer.start(ZeroThenStop, {:zero_then_stop, r, :tick})
  Ev.await(1)
  GenServer.stop(r)
  T.events(Ev.events())
end))

# H: a zero timer to a server, then a call that server answers only once the timer's message has come: the caller
# yields as it waits for the reply, so the timer comes (after the call) and the call is answered; likewise when the
# call comes from the init of a process the timer's starter starts, which yields as it waits for that init
defmodule W do
  use GenServer
  def init(_), do: {:ok, %{went: false, from: nil}}
  def handle_call(:await_go, from, st) do
    Ev.add({:call, :await_go})
    if st.went, do: {:reply, :went, st}, else: {:noreply, %{st | from: from}}
  end
  def handle_info(:go, st) do
    Ev.add({:info, :go})
    if st.from, do: GenServer.reply(st.from, :went)
    {:noreply, %{st | went: true, from: nil}}
  end
end
defmodule GoThenCall do
  use GenServer
  def init(st), do: {:ok, st}
  def handle_call({:go_then_call, w}, _from, st) do
    Process.send_after(w, :go, 0)
    {:reply, GenServer.call(w, :await_go, 1000), st}
  end
end
Ev.reset()
{:ok, w} = GenServer.start(W, nil)
{:ok, c} = GenServer.start(GoThenCall, nil)
T.show("H the call answered", GenServer.call(c, {:go_then_call, w}))
T.show_events("H events of the server")
GenServer.stop(c)
GenServer.stop(w)
defmodule AwaitsGoInInit do
  use GenServer
  def init(w), do: {:ok, GenServer.call(w, :await_go, 1000)}
  def handle_call(:answer, _from, st), do: {:reply, st, st}
end
defmodule GoThenStart do
  use GenServer
  def init(st), do: {:ok, st}
  def handle_call({:go_then_start, w}, _from, st) do
    Process.send_after(w, :go, 0)
    {:ok, a} = GenServer.start(AwaitsGoInInit, w)
    {:reply, GenServer.call(a, :answer), st}
  end
end
{:ok, w} = GenServer.start(W, nil)
{:ok, c} = GenServer.start(GoThenStart, nil)
T.show("H a started process's init called it and was answered", GenServer.call(c, {:go_then_start, w}))
GenServer.stop(c)
GenServer.stop(w)

# I: a zero timer started in handle_cast, then a send to itself in the handle_continue that follows: the process
# yields only back at its mailbox, after the continue, so the send comes first (checked over 200 runs)
defmodule ZeroThenContinue do
  use GenServer
  def init(st), do: {:ok, st}
  def handle_cast(:go, st) do
    Process.send_after(self(), :timer, 0)
    {:noreply, st, {:continue, :send}}
  end
  def handle_continue(:send, st), do: (send(self(), :sent); {:noreply, st})
  def handle_info(msg, st), do: (Ev.add(msg); {:noreply, st})
end
{:ok, z} = GenServer.start(ZeroThenContinue, nil)
IO.puts("I zero timer, then a send in the continue, every one of 200 runs received: " <> T.every(200, fn ->
  Ev.reset()
  GenServer.cast(z, :go)
  Ev.await(2)
  inspect(Ev.events())
end))
GenServer.stop(z)

# J: as H, but the wait that makes the timer's starter yield happens further on: its call goes to a server that calls
# the timer's destination itself, or a dynamic supervisor starts a child whose init calls it, or its own start of
# such a child has a start timeout. The starter waits in each, so its timer comes and every call is answered.
defmodule Relay do
  use GenServer
  def init(st), do: {:ok, st}
  def handle_call({:relay, w}, _from, st), do: {:reply, GenServer.call(w, :await_go, 1000), st}
end
defmodule GoThenWait do
  use GenServer
  def init(st), do: {:ok, st}
  def handle_call({:go_then_relay, w, relay}, _from, st) do
    Process.send_after(w, :go, 0)
    {:reply, GenServer.call(relay, {:relay, w}), st}
  end
  def handle_call({:go_then_start_child, w, sup}, _from, st) do
    Process.send_after(w, :go, 0)
    {:ok, a} = DynamicSupervisor.start_child(sup, %{id: :a, start: {GenServer, :start_link, [AwaitsGoInInit, w]},
      restart: :temporary})
    {:reply, GenServer.call(a, :answer), st}
  end
  def handle_call({:go_then_start_timed, w}, _from, st) do
    Process.send_after(w, :go, 0)
    {:ok, a} = GenServer.start(AwaitsGoInInit, w, timeout: 5000)
    {:reply, GenServer.call(a, :answer), st}
  end
end
j = fn request ->
  {:ok, w} = GenServer.start(W, nil)
  {:ok, c} = GenServer.start(GoThenWait, nil)
  answer = GenServer.call(c, request.(w))
  GenServer.stop(c)
  GenServer.stop(w)
  answer
end
{:ok, relay} = GenServer.start(Relay, nil)
T.show("J a call through a server that called it was answered", j.(fn w -> {:go_then_relay, w, relay} end))
{:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)
T.show("J a dynamic supervisor's child whose init called it was answered",
  j.(fn w -> {:go_then_start_child, w, sup} end))
T.show("J a start with a start timeout whose init called it was answered", j.(fn w -> {:go_then_start_timed, w} end))

# K: a timer to a name (erlang:send_after/3 with an atom): the name is looked up when the timer fires, so the timer
# outlives the holder the name had when it was started (that one's exit does not cancel it) and goes to whoever holds
# the name then; one to a name nobody holds then is dropped, without an error
Ev.reset()
{:ok, first} = GenServer.start(R, :first, name: :k_name)
ref = Process.send_after(:k_name, :tick, 200)
GenServer.stop(first)
T.show("K read after the name's holder stopped in 1..200", T.within(Process.read_timer(ref), 1..200))
{:ok, second} = GenServer.start(R, :second, name: :k_name)
Ev.await(1)
T.show_events("K events after 200 ms")
T.show("K read after it fired", Process.read_timer(ref))
free = Process.send_after(:k_free, :tick, 50)
Process.send_after(:k_name, :later, 100)
Ev.await(2)
T.show_events("K events 100 ms on, a timer to a free name due at 50 ms")
T.show("K read of the timer to a free name", Process.read_timer(free))
GenServer.stop(second)
