using Hoist.Cli;
using Hoist.Formats;

namespace Hoist.Tests.Cli;

/// <summary>How <c>-t</c>, <c>-o</c> and <c>--push</c> combine into store names, file outputs and pushes (as buildx).</summary>
public sealed class BuildOutputPlanTests
{
    private static BuildOutputPlan Plan(string[] outputs, bool push = false, params string[] tags) =>
        BuildOutputPlan.Create(outputs, push, tags, standardOutputIsTerminal: false);

    [Fact]
    public void Push_pushes_every_tag()
    {
        var plan = Plan([], push: true, "127.0.0.1:5000/a:1", "127.0.0.1:5000/a:2");
        Assert.Equal(["127.0.0.1:5000/a:1", "127.0.0.1:5000/a:2"], plan.Pushes.Select(p => p.ToString()));
        Assert.Equal(["127.0.0.1:5000/a:1", "127.0.0.1:5000/a:2"], plan.StoreNames);
        Assert.Empty(plan.Files);
    }

    [Fact]
    public void Image_output_names_join_the_store_names_and_push_only_their_own()
    {
        var plan = Plan(["type=image,name=b:1", "type=registry,name=127.0.0.1:5000/c"], false, "a:1");
        Assert.Equal(["a:1", "b:1", "127.0.0.1:5000/c"], plan.StoreNames);
        Assert.Equal(["127.0.0.1:5000/c:latest"], plan.Pushes.Select(p => p.ToString()));
    }

    [Fact]
    public void Archives_record_their_own_names_else_the_tags()
    {
        var plan = Plan(["type=oci,dest=a.tar", "type=docker,dest=b.tar,name=other:2", "type=local,dest=dir"], false, "app:1");
        Assert.Equal(3, plan.Files.Count);
        Assert.Equal(["docker.io/library/app:1"], plan.Files[0].Names.Select(n => n.ToString()));
        Assert.Equal(["docker.io/library/other:2"], plan.Files[1].Names.Select(n => n.ToString()));
        Assert.Equal(BuildOutputType.Local, plan.Files[2].Output.Type);
        Assert.Equal(["app:1"], plan.StoreNames);
        Assert.False(plan.WritesStandardOutput);
    }

    [Fact]
    public void Mistakes_are_one_line_errors()
    {
        Assert.Contains("--push needs an image name", Assert.Throws<HoistException>(() => Plan([], push: true)).Message);
        Assert.Contains("push=true needs an image name", Assert.Throws<HoistException>(() => Plan(["type=registry"])).Message);
        Assert.Contains("only one --output can write to standard output", Assert.Throws<HoistException>(() => Plan(["-", "type=oci"])).Message);
        Assert.Contains("invalid tag \"Bad:1\"", Assert.Throws<HoistException>(() => Plan([], false, "Bad:1")).Message);
        Assert.Contains("cannot hold a digest",
            Assert.Throws<HoistException>(() => Plan(["type=image,name=a@sha256:" + new string('a', 64)])).Message);
    }

    [Fact]
    public void Timestamps_are_rewritten_unless_an_output_says_rewrite_timestamp_false()
    {
        Assert.True(Plan([]).RewriteTimestamps);
        Assert.True(Plan(["type=image,rewrite-timestamp=true"]).RewriteTimestamps);
        Assert.False(Plan(["type=image,rewrite-timestamp=false"]).RewriteTimestamps);
        Assert.False(Plan(["type=oci,dest=x.tar,rewrite-timestamp=0"]).RewriteTimestamps);
        Assert.Equal("--output: rewrite-timestamp=true and rewrite-timestamp=false cannot both be given: the outputs share the build's layers",
            Assert.Throws<HoistException>(() => Plan(["type=image,rewrite-timestamp=true", "type=oci,dest=x.tar,rewrite-timestamp=false"])).Message);
        Assert.Equal("invalid --output \"type=image,rewrite-timestamp=maybe\": rewrite-timestamp=\"maybe\" is not true or false",
            Assert.Throws<HoistException>(() => Plan(["type=image,rewrite-timestamp=maybe"])).Message);
    }
}
