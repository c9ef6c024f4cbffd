using Hoist.Building.Context;

namespace Hoist.Tests.Building;

/// <summary>Reading .dockerignore: what counts as a pattern, and which file a build uses.</summary>
public sealed class DockerIgnoreTests
{
    [Fact]
    public void Comments_blank_lines_whitespace_and_leading_slashes_are_normalised()
    {
        var set = DockerIgnore.Parse("test1\n/test2\n/a/file/here\n\nlastfile\n# this is a comment\n! /inverted/abs/path\n  spaced  \r\n");
        Assert.Equal(["test1", "test2", "a/file/here", "lastfile", "!inverted/abs/path", "spaced"],
            set.Patterns.Select(p => p.ToString()));
    }

    [Fact]
    public void Only_a_hash_in_the_first_column_starts_a_comment()
    {
        var set = DockerIgnore.Parse("  # not a comment\n#comment");
        Assert.Equal(["# not a comment"], set.Patterns.Select(p => p.Text));
    }

    [Fact]
    public void A_byte_order_mark_is_dropped()
    {
        var set = DockerIgnore.Parse("\uFEFFnode_modules\n");
        Assert.True(set.Matches("node_modules/x"));
    }

    [Fact]
    public void Patterns_are_cleaned()
    {
        var set = DockerIgnore.Parse("./build/../dist/\n");
        Assert.Equal(["dist"], set.Patterns.Select(p => p.Text));
    }

    [Fact]
    public void A_bad_pattern_names_the_file_and_line()
    {
        var error = Assert.Throws<HoistException>(() => DockerIgnore.Parse("ok\n# c\n\nsrc/[abc\n"));
        Assert.Equal(".dockerignore:4: syntax error in pattern \"src/[abc\"", error.Message);
    }

    [Fact]
    public void A_lone_exclamation_mark_names_the_line()
    {
        var error = Assert.Throws<HoistException>(() => DockerIgnore.Parse("a\n!  \n"));
        Assert.StartsWith(".dockerignore:2: illegal exclusion pattern", error.Message);
    }

    [Fact]
    public void Dockerfile_specific_ignore_file_wins_over_the_context_one()
    {
        using var tree = new TempTree()
            .File(".dockerignore", "from-context\n")
            .File("build/app.Dockerfile", "FROM scratch\n")
            .File("build/app.Dockerfile.dockerignore", "from-dockerfile\n");
        var set = DockerIgnore.Load(tree.Root, tree.PathOf("build/app.Dockerfile"));
        Assert.Equal(["from-dockerfile"], set.Patterns.Select(p => p.Text));
    }

    [Fact]
    public void Context_ignore_file_is_used_when_the_dockerfile_has_none()
    {
        using var tree = new TempTree().File(".dockerignore", "from-context\n").File("Dockerfile", "FROM scratch\n");
        Assert.Equal(["from-context"], DockerIgnore.Load(tree.Root, tree.PathOf("Dockerfile")).Patterns.Select(p => p.Text));
        Assert.Equal(["from-context"], DockerIgnore.Load(tree.Root).Patterns.Select(p => p.Text));
    }

    [Fact]
    public void No_ignore_file_means_nothing_is_ignored()
    {
        using var tree = new TempTree().File("Dockerfile", "FROM scratch\n");
        Assert.True(DockerIgnore.Load(tree.Root, tree.PathOf("Dockerfile")).IsEmpty);
    }

    [Fact]
    public void Errors_in_a_dockerfile_specific_file_name_that_file()
    {
        using var tree = new TempTree().File("Dockerfile", "").File("Dockerfile.dockerignore", "[\n");
        var error = Assert.Throws<HoistException>(() => DockerIgnore.Load(tree.Root, tree.PathOf("Dockerfile")));
        Assert.StartsWith("Dockerfile.dockerignore:1:", error.Message);
    }
}
