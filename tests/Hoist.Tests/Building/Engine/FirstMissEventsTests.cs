using Hoist.Building.Engine;

namespace Hoist.Tests.Building.Engine;

public sealed class FirstMissEventsTests
{
    [Fact]
    public void The_first_miss_is_signalled_once_and_every_event_reaches_the_inner_events()
    {
        var inner = new RecordedEvents();
        var signals = 0;
        var events = new FirstMissEvents(inner, () => signals++);
        var step = new BuildStep(1, "[build 1/2] RUN make", "build", 3);

        events.StepStarted(step);
        Assert.Equal(0, signals);
        events.StepMissed(step, "first build");
        events.StepMissed(step, "src/a.c changed");
        events.StepOutput(step, "line");
        events.StepCompleted(step, TimeSpan.FromSeconds(1));

        Assert.Equal(1, signals);
        Assert.Equal(["started", "missed", "missed", "output", "completed"], inner.All.Select(e => e.Kind));
    }
}
