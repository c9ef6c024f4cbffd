using Hoist.Dockerfile;
using Hoist.Dockerfile.Instructions;

namespace Hoist.Tests.Planning;

/// <summary>COPY and ADD mistakes BuildKit refuses while converting the Dockerfile, before any pull or step.</summary>
public sealed class CopyInstructionRulesTests
{
    [Theory]
    [InlineData("http://127.0.0.1:1/file", "Dockerfile:3: source can't be a URL for COPY")]
    [InlineData("https://example.invalid/a.tar.gz", "Dockerfile:3: source can't be a URL for COPY")]
    [InlineData("https://example.invalid/repo.git#main", "Dockerfile:3: source can't be a git ref for COPY")]
    public void COPY_of_a_remote_source_is_refused_at_plan_time(string source, string message)
    {
        var error = Assert.Throws<DockerfileException>(() =>
            new InstructionList().From("scratch").Copy("a", "/a").Copy(source, "/x").Plan());
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("=64a", "Dockerfile:2: invalid chmod parameter: '=64a': invalid syntax")]
    [InlineData("10000", "Dockerfile:2: invalid chmod parameter: '10000'. it should be octal string and between 0 and 07777")]
    public void An_invalid_chmod_is_refused_at_plan_time(string chmod, string message)
    {
        var list = new InstructionList().From("scratch");
        list.Add(InstructionList.CopyAt(2, "a", "/a") with { Chmod = chmod });
        Assert.Equal(message, Assert.Throws<DockerfileException>(() => list.Plan()).Message);
    }

    [Fact]
    public void ADD_of_a_URL_and_valid_or_variable_chmods_pass()
    {
        var list = new InstructionList().From("scratch");
        list.Add(new AddInstruction { Sources = ["http://127.0.0.1:1/f"], Destination = "/f", Line = 2, EndLine = 2, Original = "ADD http://127.0.0.1:1/f /f" });
        list.Add(InstructionList.CopyAt(3, "a", "/a") with { Chmod = "a=rX,u+w" });
        list.Add(InstructionList.CopyAt(4, "a", "/b") with { Chmod = "$MODE_FROM_BASE_IMAGE_ENV" });
        list.Add(InstructionList.CopyAt(5, "$URL_FROM_BASE_IMAGE_ENV", "/c"));
        list.Plan();
    }
}
