using Wasmc.Plugins.Go;
using Wasmtime;

namespace Wasmc.Core.Tests.Plugins;

/// <summary>
/// The clock guard wasmc merges into Go components, run as it is merged (its WebAssembly text in Wasmtime, with a fake
/// adapter that counts its calls): while <c>cabi_realloc</c> has it paused, nothing may reach the adapter.
/// </summary>
public sealed class GoClockGuardTests : IDisposable
{
    private const int Realtime = 0;
    private const int Monotonic = 1;
    private const int ProcessCpuTime = 2;
    private const int NotSupported = 58;
    private const int Time = 64;
    private const int Subscriptions = 128;
    private const int Events = 512;
    private const int EventCount = 1024;

    private readonly Engine _engine = new();
    private readonly Store _store;
    private readonly Memory _memory;
    private readonly Instance _guard;
    private long _adapterRealtime = 1_700_000_000_000_000_000;
    private long _adapterMonotonic = 5_000;

    public GoClockGuardTests()
    {
        _store = new Store(_engine);
        _memory = new Memory(_store, 1);
        using var linker = new Linker(_engine);
        using var module = Module.FromText(_engine, "clock-guard", ClockGuard.GuardWat);
        linker.Define("go", "memory", _memory);
        linker.DefineFunction(ClockGuard.ForwarderModule, "adapter_clock_time_get", (int id, long precision, int time) =>
        {
            AdapterCalls++;
            _memory.WriteInt64(time, id == Realtime ? _adapterRealtime++ : _adapterMonotonic++);
            return 0;
        });
        linker.DefineFunction(ClockGuard.ForwarderModule, "adapter_poll_oneoff", (int input, int output, int count, int events) =>
        {
            AdapterCalls++;
            _memory.WriteInt32(events, 0);
            return 0;
        });
        _guard = linker.Instantiate(_store, module);
    }

    private int AdapterCalls { get; set; }

    [Fact]
    public void Unpaused_every_clock_read_asks_the_adapter()
    {
        Read(Realtime).ShouldBe((0, 1_700_000_000_000_000_000));
        Read(Realtime).ShouldBe((0, 1_700_000_000_000_000_001));
        Read(Monotonic).ShouldBe((0, 5_000));
        AdapterCalls.ShouldBe(3);
    }

    [Fact]
    public void Paused_the_clocks_repeat_their_last_readings_without_the_adapter_and_resume_after()
    {
        Read(Realtime);
        Read(Monotonic);
        Read(Monotonic);

        SetPaused(true);
        Read(Realtime).ShouldBe((0, 1_700_000_000_000_000_000));
        Read(Monotonic).ShouldBe((0, 5_001));
        Read(Monotonic).ShouldBe((0, 5_001));
        Read(ProcessCpuTime).Errno.ShouldBe(NotSupported);
        AdapterCalls.ShouldBe(3);

        SetPaused(false);
        Read(Monotonic).ShouldBe((0, 5_002));
        AdapterCalls.ShouldBe(4);
    }

    [Fact]
    public void Paused_an_immediate_timer_poll_is_answered_by_the_guard_and_any_other_poll_is_not_supported()
    {
        SetPaused(true);
        Subscribe(0, userdata: 0x1234_5678_9abc, timeout: 0);
        Poll(1).ShouldBe(0);
        _memory.ReadInt32(EventCount).ShouldBe(1);
        _memory.ReadInt64(Events).ShouldBe(0x1234_5678_9abc);
        _memory.ReadInt16(Events + 8).ShouldBe((short)0);
        _memory.ReadByte(Events + 10).ShouldBe((byte)0);

        Subscribe(0, userdata: 1, timeout: 1_000_000);
        Poll(1).ShouldBe(NotSupported);
        Subscribe(0, userdata: 1, timeout: 0);
        Subscribe(1, userdata: 2, timeout: 0);
        Poll(2).ShouldBe(NotSupported);
        AdapterCalls.ShouldBe(0);

        SetPaused(false);
        Poll(1).ShouldBe(0);
        AdapterCalls.ShouldBe(1);
    }

    public void Dispose()
    {
        _store.Dispose();
        _engine.Dispose();
    }

    private (int Errno, long Time) Read(int clock)
    {
        var errno = _guard.GetFunction<int, long, int, int>("clock_time_get")!(clock, 0, Time);
        return (errno, _memory.ReadInt64(Time));
    }

    private void SetPaused(bool paused) => _guard.GetAction<int>(ClockGuard.SetPausedExport)!(paused ? 1 : 0);

    /// <summary>Writes subscription <paramref name="index"/>: a relative clock subscription (tag 0) with the timeout at offset 24.</summary>
    private void Subscribe(int index, long userdata, long timeout)
    {
        var at = Subscriptions + (index * 48);
        _memory.WriteInt64(at, userdata);
        _memory.WriteByte(at + 8, 0);
        _memory.WriteInt32(at + 16, Monotonic);
        _memory.WriteInt64(at + 24, timeout);
    }

    private int Poll(int count) => _guard.GetFunction<int, int, int, int, int>("poll_oneoff")!(Subscriptions, Events, count, EventCount);
}
