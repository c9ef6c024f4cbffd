using Hoist.Building.Copy;
using Hoist.Posix;

namespace Hoist.Tests.Building;

/// <summary>--chmod: octal replaces, symbolic edits (chmod(1) / BSD setmode syntax, as BuildKit accepts).</summary>
public sealed class ModeChangeTests
{
    [Theory]
    [InlineData("755", "0644", false, "0755")]
    [InlineData("0644", "0755", true, "0644")]
    [InlineData("4755", "0644", false, "4755")]
    [InlineData("7777", "0000", false, "7777")]
    [InlineData("0", "0777", false, "0000")]
    [InlineData("+x", "0644", false, "0755")]
    [InlineData("u+x", "0644", false, "0744")]
    [InlineData("go-w", "0666", false, "0644")]
    [InlineData("a=r", "0755", false, "0444")]
    [InlineData("u=rwx,go=rx", "0600", false, "0755")]
    // X counts the mode before this --chmod: "=" clears x first, yet directories and executables still get it.
    [InlineData("u=rwX,go=rX", "0700", false, "0755")]
    [InlineData("u=rwX,go=rX", "0600", true, "0755")]
    [InlineData("u=rwX,go=rX", "0600", false, "0644")]
    [InlineData("a=rX,u+w", "0700", true, "0755")]
    [InlineData("a=rX,u+w", "0744", false, "0755")]
    [InlineData("a=rX,u+w", "0666", false, "0644")]
    [InlineData("a=rX,u+w", "0001", false, "0755")]
    [InlineData("a+X", "0644", false, "0644")]
    [InlineData("a+X", "0744", false, "0755")]
    [InlineData("go+X", "0700", true, "0711")]
    [InlineData("a-x,a+X", "0755", false, "0755")]
    [InlineData("g=u", "0740", false, "0770")]
    [InlineData("o=g", "0754", false, "0755")]
    [InlineData("g-u", "0777", false, "0707")]
    [InlineData("u+s", "0755", false, "4755")]
    [InlineData("g+s", "0755", true, "2755")]
    [InlineData("+t", "0777", true, "1777")]
    [InlineData("o+t", "0777", true, "0777")]
    [InlineData("u+x-w", "0644", false, "0544")]
    [InlineData("=", "4755", false, "0000")]
    public void Applies_like_chmod(string spec, string before, bool isDirectory, string after)
    {
        var change = ModeChange.Parse(spec);
        Assert.Equal(after, CopyPlans.Octal(change.Apply(Convert.ToInt32(before, 8), isDirectory)));
    }

    [Theory]
    [InlineData("10000", "invalid chmod parameter: '10000'. it should be octal string and between 0 and 07777")]
    [InlineData("888", "invalid chmod parameter: '888'. it should be octal string and between 0 and 07777")]
    [InlineData("9x", "invalid chmod parameter: '9x'. it should be octal string and between 0 and 07777")]
    [InlineData("u", "invalid chmod parameter: 'u': invalid syntax")]
    [InlineData("u+q", "invalid chmod parameter: 'u+q': invalid syntax")]
    [InlineData("", "invalid chmod parameter: '': invalid syntax")]
    [InlineData("z+x", "invalid chmod parameter: 'z+x': invalid syntax")]
    public void Rejects_invalid_modes(string spec, string message)
    {
        Assert.Equal(message, Assert.Throws<HoistException>(() => ModeChange.Parse(spec)).Message);
    }
}
