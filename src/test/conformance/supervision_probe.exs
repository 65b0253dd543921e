# The supervisor scripts' event log (Ev: the events in order, each id's starts so far and its plan), their probe
# child (P: traps exits unless started plain, records its numbered starts and its terminates) and a logger handler
# recording the supervisors' reports (SupReports, for supervisors.exs and dynamic_supervisors.exs; shutdown.exs keeps
# its own, Reports, which records only shutdown_error); required by all three.
defmodule Ev do
  def start, do: Agent.start_link(fn -> %{events: [], starts: %{}, plan: %{}} end, name: __MODULE__)
  def reset(plan \\ %{}), do: Agent.update(__MODULE__, fn _ -> %{events: [], starts: %{}, plan: plan} end)
  def add(e), do: Agent.update(__MODULE__, fn s -> %{s | events: [e | s.events]} end)
  def events, do: Agent.get(__MODULE__, fn s -> Enum.reverse(s.events) end)
  def terminates, do: events() |> Enum.filter(&match?({:terminate, _, _}, &1)) |> Enum.sort()
  # numbered start; returns what to do: :ok | :fail | :ignore
  def start_no(label) do
    Agent.get_and_update(__MODULE__, fn s ->
      n = Map.get(s.starts, label, 0) + 1
      plan = Map.get(s.plan, label, %{})
      act = cond do
        n in Map.get(plan, :fail, []) -> :fail
        Map.get(plan, :fail_from) && n >= plan.fail_from -> :fail
        n in Map.get(plan, :ignore, []) -> :ignore
        true -> :ok
      end
      {{n, act}, %{s | starts: Map.put(s.starts, label, n)}}
    end)
  end
end

defmodule P do
  use GenServer
  def start_link(label), do: GenServer.start_link(__MODULE__, label)
  def start_link(label, name), do: GenServer.start_link(__MODULE__, label, name: name)
  # a probe that does not trap exits
  def start_plain(label), do: GenServer.start_link(__MODULE__, {:plain, label})
  def init({:plain, label}), do: started(label)
  def init(label) do
    Process.flag(:trap_exit, true)
    started(label)
  end
  defp started(label) do
    {n, act} = Ev.start_no(label)
    Ev.add({:start, label, n, act})
    case act do
      :ok -> {:ok, label}
      :fail -> {:stop, :bad_config}
      :ignore -> :ignore
    end
  end
  def handle_call(:boom, _f, s), do: raise("boom #{s}")
  def handle_call({:stop, r}, _f, s), do: {:stop, r, :bye, s}
  def handle_cast(_, s), do: {:noreply, s}
  def terminate(r, s), do: Ev.add({:terminate, s, norm(r)})
  # crash: a raise in a call; stop: {:stop, r, :bye, s} from one; each then awaits the DOWN
  def crash(pid) do
    ref = Process.monitor(pid)
    try do GenServer.call(pid, :boom) catch :exit, _ -> :ok end
    receive do {:DOWN, ^ref, _, _, _} -> :ok after 2000 -> raise "no down" end
  end
  def stop(pid, r) do
    ref = Process.monitor(pid)
    GenServer.call(pid, {:stop, r})
    receive do {:DOWN, ^ref, _, _, _} -> :ok after 2000 -> raise "no down" end
  end
  # exit_with: stop with r, or for :kill a Process.exit(pid, :kill), then awaits the DOWN
  def exit_with(pid, :kill) do
    ref = Process.monitor(pid)
    Process.exit(pid, :kill)
    receive do {:DOWN, ^ref, _, _, _} -> :ok after 2000 -> raise "no down" end
  end
  def exit_with(pid, r), do: stop(pid, r)
  def norm({%RuntimeError{}, _}), do: :crash
  def norm(r), do: r
end

defmodule SupReports do
  # a logger handler recording each supervisor report (child_terminated, start_error, shutdown, ...) in Ev as
  # {:report, label, reason}; install/0 makes it the only handler and lets errors through
  def install do
    for id <- :logger.get_handler_ids(), do: :logger.remove_handler(id)
    :ok = :logger.add_handler(:sup_reports, __MODULE__, %{})
    :logger.set_primary_config(:level, :error)
  end
  def log(%{msg: {:report, %{label: {:supervisor, label}, report: r}}}, _),
    do: Ev.add({:report, label, P.norm(r[:reason])})
  def log(_, _), do: :ok
  # the reports recorded, in order, as [label: reason]
  def reports, do: for({:report, label, r} <- Ev.events(), do: {label, r})
  # the events but the reports, in order
  def others, do: Enum.reject(Ev.events(), &match?({:report, _, _}, &1))
end
