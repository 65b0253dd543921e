# The list of events the gen_server, timers and sys scripts record, in order; required by each.
defmodule Ev do
  def start, do: Agent.start_link(fn -> [] end, name: __MODULE__)
  def reset, do: Agent.update(__MODULE__, fn _ -> [] end)
  def add(e), do: Agent.update(__MODULE__, fn es -> [e | es] end)
  def events, do: Agent.get(__MODULE__, &Enum.reverse/1)
  # waits until n events are recorded
  def await(n, tries \\ 2000) do
    cond do
      length(events()) >= n -> :ok
      tries == 0 -> raise "only #{inspect(events())}"
      true -> Process.sleep(1); await(n, tries - 1)
    end
  end
end
