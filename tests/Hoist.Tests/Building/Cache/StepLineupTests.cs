using Hoist.Building.Cache.Misses;

namespace Hoist.Tests.Building.Cache;

/// <summary>Steps are matched with their last build by instruction text and occurrence, not by position.</summary>
public sealed class StepLineupTests
{
    private static readonly IReadOnlyList<string> Last = StepLineup.Identities(["COPY . /app", "RUN make", "RUN make test"]);

    [Fact]
    public void The_same_text_twice_gets_two_identities_and_another_text_another()
    {
        var ids = StepLineup.Identities(["RUN a", "RUN b", "RUN a"]);

        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(ids[0].Split('.')[0], ids[2].Split('.')[0]);
        Assert.Equal(StepLineup.Identities(["RUN a"])[0], ids[0]);
    }

    [Fact]
    public void A_step_between_two_kept_steps_is_inserted()
    {
        var now = StepLineup.Identities(["COPY . /app", "RUN apt-get update", "RUN make", "RUN make test"]);

        Assert.Equal((null, "step inserted"), StepLineup.Place(Last, now, 1));
    }

    [Fact]
    public void A_step_in_the_place_of_one_this_build_lacks_replaced_it()
    {
        var now = StepLineup.Identities(["COPY . /app", "RUN make -j2", "RUN make test"]);

        Assert.Equal((Last[1], "instruction changed"), StepLineup.Place(Last, now, 1));
    }

    [Fact]
    public void A_step_after_the_last_kept_one_is_added_and_without_a_last_build_it_is_the_first()
    {
        var now = StepLineup.Identities(["COPY . /app", "RUN make", "RUN make test", "RUN make install"]);

        Assert.Equal((null, "step added"), StepLineup.Place(Last, now, 3));
        Assert.Equal((null, "first build"), StepLineup.Place(null, now, 0));
    }

    [Fact]
    public void A_changed_last_step_replaced_the_last_steps_of_the_last_build()
    {
        var now = StepLineup.Identities(["COPY . /app", "RUN make", "RUN make check"]);

        Assert.Equal((Last[2], "instruction changed"), StepLineup.Place(Last, now, 2));
    }
}
