# The sys requests as OTP answers them: the scenarios of runtime.SysConformanceTest, each printing the lines that
# test prints from the runtime. Its output is the record the test compares with:
#   elixir src/test/conformance/sys.exs > src/test/resources/conformance/sys.txt
# (recorded with Elixir 1.14 on OTP 25). A server S holds a number as its state and records each cast, call, info
# and terminate; a call :get answers the state, any other call its own name. What it records prints as a list of
# terms. Nothing prints a pid, a ref or a stack trace: a pid prints as :pid, a raise as :crash, a caller's exit as
# {:exit, reason}; :sys.get_status prints as {sys_state, state}, the state as the server's format_status shows it
# (sys.erl's get_status: [pdict, sys_state, parent, debug, status], the state in its {:data, [{'State', s}]}).
# Time passes for real here (the test moves its time by hand): I and L sleep well clear of their timeouts.
Logger.configure(level: :none)
:logger.set_primary_config(:level, :none)

Code.require_file("events.exs", __DIR__)

defmodule S do
  use GenServer
  def init({st, opts}) do
    Process.flag(:trap_exit, Keyword.get(opts, :trap, false))
    case opts[:timeout] do
      nil -> {:ok, st}
      timeout -> {:ok, st, timeout}
    end
  end
  def handle_call(:get, _from, st), do: {:reply, st, st}
  def handle_call(msg, _from, st), do: (Ev.add({:call, msg}); {:reply, msg, st})
  def handle_cast(:block, st) do
    Ev.add({:cast, :block})
    receive do :release -> :ok end
    {:noreply, st}
  end
  def handle_cast(msg, st), do: (Ev.add({:cast, msg}); {:noreply, st})
  def handle_info({:EXIT, _pid, reason}, st), do: (Ev.add({:info, {:EXIT, :pid, reason}}); {:noreply, st})
  def handle_info(msg, st), do: (Ev.add({:info, msg}); {:noreply, st})
  def terminate(reason, _st), do: Ev.add({:terminate, reason})
end

# K's server: its format_status shows {:redacted, n} for a state {:secret, n}
defmodule Secret do
  use GenServer
  def init(st), do: {:ok, st}
  def format_status(_reason, [_pdict, {:secret, n}]), do: [data: [{'State', {:redacted, n}}]]
end

# H's parent: starts S linked to itself
defmodule Parent do
  use GenServer
  def init(nil), do: {:ok, nil}
  def handle_call({:start_link, arg}, _from, st), do: {:reply, GenServer.start_link(S, arg), st}
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
  # what :sys.replace_state answers, or {:error, {:callback_failed, failure}} for the error it raises
  def replace(pid, f) do
    :sys.replace_state(pid, f)
  rescue
    e in ErlangError ->
      {:callback_failed, {:gen_server, :system_replace_state}, {:error, raised}} = e.original
      {:error, {:callback_failed, if(is_exception(raised), do: :crash, else: raised)}}
  end
  # :sys.get_status as {sys_state, state}
  def status(pid) do
    {:status, ^pid, {:module, :gen_server}, [_pdict, sys_state, _parent, _debug, data]} = :sys.get_status(pid)
    [state] = for {:data, items} <- data, {'State', state} <- items, do: state
    {sys_state, state}
  end
  # waits until pid's mailbox holds n messages
  def queued(pid, n) do
    case Process.info(pid, :message_queue_len) do
      {:message_queue_len, ^n} -> :ok
      _ -> Process.sleep(1); queued(pid, n)
    end
  end
  def down(ref), do: (receive do {:DOWN, ^ref, _, _, r} -> norm(r) after 2000 -> :no_down end)
  def start(st, opts \\ []), do: GenServer.start(S, {st, opts})
  # a process linked to pid that exits with reason once told to
  def linked_to(pid, reason) do
    main = self()
    other = spawn(fn -> Process.link(pid); send(main, :linked); receive do :die -> exit(reason) end end)
    receive do :linked -> other end
  end
end

Ev.start()

# A: casts, calls and infos sent while suspended queue up, none handled (get_state answers meanwhile); after the
# resume they are handled in the order they arrived
Ev.reset()
{:ok, pid} = T.start(0)
GenServer.cast(pid, :before)
T.show("A suspend", :sys.suspend(pid))
GenServer.cast(pid, :a)
call = Task.async(fn -> GenServer.call(pid, :b) end)
T.queued(pid, 2)
send(pid, :c)
GenServer.cast(pid, :d)
T.show("A get_state while suspended", :sys.get_state(pid))
T.show("A message_queue_len while suspended", Process.info(pid, :message_queue_len))
T.show_events("A events while suspended")
T.show("A resume", :sys.resume(pid))
T.show("A queued call", Task.await(call))
:sys.get_state(pid)
T.show_events("A events after the resume")
GenServer.stop(pid)

# B: a call to a suspended process times out; after the resume it is handled all the same, and its late reply
# never reaches the caller
Ev.reset()
{:ok, pid} = T.start(0)
:sys.suspend(pid)
caller = Task.async(fn ->
  slow = T.attempt(fn -> GenServer.call(pid, :slow, 100) end)
  :sys.resume(pid)
  next = GenServer.call(pid, :next)
  {:messages, mailbox} = Process.info(self(), :messages)
  {slow, next, mailbox}
end)
{slow, next, mailbox} = Task.await(caller)
T.show("B call while suspended", slow)
T.show("B call after the resume", next)
T.show("B caller mailbox", mailbox)
T.show_events("B events")
GenServer.stop(pid)

# C: get_state, replace_state and get_status answer while suspended, and it stays suspended; after the resume the
# queued cast and the handlers see the replaced state
Ev.reset()
{:ok, pid} = T.start(1)
:sys.suspend(pid)
GenServer.cast(pid, :queued)
T.show("C get_state while suspended", :sys.get_state(pid))
T.show("C replace_state while suspended", :sys.replace_state(pid, &(&1 + 10)))
T.show("C get_status while suspended", T.status(pid))
T.show_events("C events while suspended")
:sys.resume(pid)
T.show("C call after the resume", GenServer.call(pid, :get))
T.show_events("C events after the resume")
GenServer.stop(pid)

# D: a replace_state function that raises: the caller gets an error (sys:replace_state raises, it does not exit),
# {:callback_failed, ...} with the raise; the state is unchanged and the process lives on, running or suspended
for sys_state <- [:running, :suspended] do
  Ev.reset()
  {:ok, pid} = T.start(1)
  if sys_state == :suspended, do: :sys.suspend(pid)
  T.show("D #{sys_state} replace_state raising", T.replace(pid, fn _ -> raise "boom" end))
  T.show("D #{sys_state} get_status after", T.status(pid))
  T.show("D #{sys_state} alive", Process.alive?(pid))
  T.show_events("D #{sys_state} events")
  GenServer.stop(pid)
end

# E: suspends do not nest: suspended twice, one resume resumes
Ev.reset()
{:ok, pid} = T.start(0)
T.show("E suspend twice", [:sys.suspend(pid), :sys.suspend(pid)])
GenServer.cast(pid, :queued)
T.show("E get_status suspended twice", T.status(pid))
T.show("E resume once", :sys.resume(pid))
T.show("E get_status after one resume", T.status(pid))
T.show_events("E events")
GenServer.stop(pid)

# F: resuming a process that is not suspended answers :ok and changes nothing
Ev.reset()
{:ok, pid} = T.start(0)
T.show("F resume of a running process", :sys.resume(pid))
GenServer.cast(pid, :after)
T.show("F get_status", T.status(pid))
T.show_events("F events")
GenServer.stop(pid)

# G: GenServer.stop of a suspended process: terminate runs at once, the cast queued before the stop is never
# handled, the call queued before it exits with the stop's reason; a kill, after a get_state, the same but for
# terminate
Ev.reset()
{:ok, pid} = T.start(0)
ref = Process.monitor(pid)
:sys.suspend(pid)
GenServer.cast(pid, :queued)
call = Task.async(fn -> T.attempt(fn -> GenServer.call(pid, :queued_call) end) end)
T.queued(pid, 2)
T.show("G stop", T.attempt(fn -> GenServer.stop(pid, :normal) end))
T.show("G queued call", Task.await(call))
T.show_events("G events")
T.show("G down", T.down(ref))
Ev.reset()
{:ok, pid} = T.start(0)
ref = Process.monitor(pid)
:sys.suspend(pid)
GenServer.cast(pid, :queued)
call = Task.async(fn -> T.attempt(fn -> GenServer.call(pid, :queued_call) end) end)
T.queued(pid, 2)
:sys.get_state(pid)
Process.exit(pid, :kill)
T.show("G killed, queued call", Task.await(call))
T.show_events("G killed, events")
T.show("G killed, down", T.down(ref))

# H: exit signals to a suspended process. Trapping exits, its parent's exit is taken at once (sys's suspend loop
# receives {:EXIT, parent, reason}) and terminate runs, the queued cast never handled; another link's exit is a
# message that waits for the resume. Not trapping exits, another link's exit ends it at once, without terminate.
# A supervisor's terminate_child is its parent's exit signal :shutdown: terminate runs in a child that traps exits.
Ev.reset()
{:ok, parent} = GenServer.start(Parent, nil)
{:ok, child} = GenServer.call(parent, {:start_link, {0, [trap: true]}})
ref = Process.monitor(child)
:sys.suspend(child)
GenServer.cast(child, :queued)
GenServer.stop(parent, :bye)
T.show("H trapping, its parent's exit, down", T.down(ref))
T.show_events("H trapping, its parent's exit, events")

Ev.reset()
{:ok, child} = T.start(0, trap: true)
other = T.linked_to(child, :bye)
:sys.suspend(child)
send(other, :die)
T.queued(child, 1)
T.show("H trapping, another link's exit, get_status", T.status(child))
T.show_events("H trapping, another link's exit, events while suspended")
:sys.resume(child)
:sys.get_state(child)
T.show_events("H trapping, another link's exit, events after the resume")
GenServer.stop(child)

Ev.reset()
{:ok, child} = T.start(0)
ref = Process.monitor(child)
other = T.linked_to(child, :bye)
:sys.suspend(child)
send(other, :die)
T.show("H not trapping, another link's exit, down", T.down(ref))
T.show_events("H not trapping, another link's exit, events")

for trap <- [true, false] do
  Ev.reset()
  child = %{id: :c, start: {GenServer, :start_link, [S, {0, [trap: trap]}]}}
  {:ok, sup} = Supervisor.start_link([child], strategy: :one_for_one)
  [{:c, pid, :worker, _}] = Supervisor.which_children(sup)
  :sys.suspend(pid)
  GenServer.cast(pid, :queued)
  label = "H #{if trap, do: "trapping", else: "not trapping"}, its supervisor's terminate_child"
  T.show(label, Supervisor.terminate_child(sup, :c))
  T.show_events("#{label}, events")
  Supervisor.stop(sup)
end

# I: an idle timeout does not fire while suspended, even once past due; it counts afresh from the resume, a whole
# timeout (gen_server's system_continue loops again with a fresh `after Time`), not what was left of it at the
# suspend, unless a message queued meanwhile comes first: a cast whose {:noreply, st} sets no timeout cancels it
Ev.reset()
{:ok, pid} = T.start(0, timeout: 400)
Process.sleep(100)
:sys.suspend(pid)
Process.sleep(500)
T.show_events("I events 600 ms after the start, suspended at 100 ms")
:sys.resume(pid)
resumed = System.monotonic_time(:millisecond)
Process.sleep(250)
T.show_events("I events 250 ms after the resume")
Ev.await(1)
T.show("I fired 390..700 ms after the resume", (System.monotonic_time(:millisecond) - resumed) in 390..700)
T.show_events("I events once it fired")
GenServer.stop(pid)

Ev.reset()
{:ok, pid} = T.start(0, timeout: 300)
:sys.suspend(pid)
GenServer.cast(pid, :queued)
Process.sleep(400)
:sys.resume(pid)
Process.sleep(450)
T.show_events("I events 450 ms after a resume with a cast queued")
GenServer.stop(pid)

# J: a suspend that times out on a busy process stays queued, and suspends the process once it gets to it
Ev.reset()
{:ok, pid} = T.start(0)
GenServer.cast(pid, :block)
Ev.await(1)
T.show("J suspend of a busy process", T.attempt(fn -> :sys.suspend(pid, 100) end))
GenServer.cast(pid, :after)
send(pid, :release)
T.show("J get_status once it is done", T.status(pid))
T.show_events("J events")
:sys.resume(pid)
:sys.get_state(pid)
T.show_events("J events after the resume")
GenServer.stop(pid)

# K: get_status shows the state as the server's format_status renders it, and whether it is suspended
{:ok, pid} = GenServer.start(Secret, {:secret, 1})
T.show("K get_status running", T.status(pid))
:sys.suspend(pid)
T.show("K get_status suspended", T.status(pid))
T.show("K get_state suspended", :sys.get_state(pid))
GenServer.stop(pid)

# L: what waits in a suspended process's mailbox is the messages sent to it; an idle timeout past due is none
# (gen_server's timeout is the `after` of its receive, no message)
{:ok, pid} = T.start(0, timeout: 100)
:sys.suspend(pid)
GenServer.cast(pid, :queued)
Process.sleep(200)
T.show("L message_queue_len with a cast queued and the timeout past due", Process.info(pid, :message_queue_len))
:sys.resume(pid)
GenServer.stop(pid)
