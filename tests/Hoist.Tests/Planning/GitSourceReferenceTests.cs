using Hoist.Planning;

namespace Hoist.Tests.Planning;

/// <summary>Git source URLs as BuildKit reads them: the #ref:subdir fragment, the ?ref=&amp;subdir=&amp;checksum= query
/// (BuildKit v0.24), ADD's --checksum and --keep-git-dir, and the refusals that keep git's command line safe.</summary>
public sealed class GitSourceReferenceTests
{
    [Fact]
    public void A_plain_url_takes_the_default_branch_and_the_whole_tree()
    {
        var reference = GitSourceReference.Parse("https://example.test/org/repo.git");

        Assert.Equal("https://example.test/org/repo.git", reference.Remote);
        Assert.Null(reference.Ref);
        Assert.Equal("", reference.Subdirectory);
        Assert.False(reference.KeepGitDirectory);
    }

    [Theory]
    [InlineData("git://h/r.git#v1", "v1", "")]
    [InlineData("git://h/r.git#v1:sub/dir", "v1", "sub/dir")]
    [InlineData("git://h/r.git#:sub", null, "sub")]
    [InlineData("git://h/r.git#main:/sub/../other/", "main", "other")]
    [InlineData("git://h/r.git#refs/pull/42/head", "refs/pull/42/head", "")]
    public void The_fragment_names_ref_and_subdirectory(string url, string? gitRef, string subdirectory)
    {
        var reference = GitSourceReference.Parse(url);

        Assert.Equal("git://h/r.git", reference.Remote);
        Assert.Equal(gitRef, reference.Ref);
        Assert.Equal(subdirectory, reference.Subdirectory);
    }

    [Theory]
    [InlineData("http://h/r.git?ref=v1&subdir=sub", "v1", "sub", null)]
    [InlineData("http://h/r.git?branch=dev", "refs/heads/dev", "", null)]
    [InlineData("http://h/r.git?tag=v2&checksum=ABCDEF12", "refs/tags/v2", "", "abcdef12")]
    [InlineData("http://h/r.git?commit=abcdef12&subdir=a%2Fb", null, "a/b", "abcdef12")]
    public void The_query_form_names_ref_subdirectory_and_checksum(string url, string? gitRef, string subdirectory, string? checksum)
    {
        var reference = GitSourceReference.Parse(url);

        Assert.Equal("http://h/r.git", reference.Remote);
        Assert.Equal(gitRef, reference.Ref);
        Assert.Equal(subdirectory, reference.Subdirectory);
        Assert.Equal(checksum, reference.Checksum);
    }

    [Fact]
    public void Add_flags_give_checksum_and_keep_git_dir()
    {
        var reference = GitSourceReference.Parse("git://h/r.git#v1", checksum: "b590d642", keepGitDirectory: true);

        Assert.Equal("b590d642", reference.Checksum);
        Assert.True(reference.KeepGitDirectory);
        Assert.True(GitSourceReference.Parse("git://h/r.git?keep-git-dir=true").KeepGitDirectory);
    }

    [Fact]
    public void A_full_commit_id_as_ref_needs_no_lookup()
    {
        Assert.True(GitSourceReference.Parse("git://h/r.git#" + new string('a', 40)).RefIsCommitId);
        Assert.False(GitSourceReference.Parse("git://h/r.git#aaaaaaa").RefIsCommitId);
    }

    [Theory]
    [InlineData("git@github.com:org/repo.git", "git source git@github.com:org/repo.git: git over ssh is not supported yet (use a git:// or https:// URL)")]
    [InlineData("ssh://git@h/r.git", "git source ssh://git@h/r.git: git over ssh is not supported yet (use a git:// or https:// URL)")]
    [InlineData("git://h/r.git#-upload-pack=touch", "git source git://h/r.git#-upload-pack=touch: invalid ref \"-upload-pack=touch\"")]
    [InlineData("git://h/r.git#a..b", "git source git://h/r.git#a..b: invalid ref \"a..b\"")]
    [InlineData("git://h/r.git?ref=a:b", "git source git://h/r.git?ref=a:b: invalid ref \"a:b\"")]
    [InlineData("git://h/r.git?ref=v1#v2", "git source git://h/r.git?ref=v1#v2: use either a #ref:subdir fragment or a ?ref=&subdir= query, not both")]
    [InlineData("git://h/r.git?ref=v1&tag=v2", "git source git://h/r.git?ref=v1&tag=v2: more than one ref given")]
    [InlineData("git://h/r.git?depth=1", "git source git://h/r.git?depth=1: unknown query parameter \"depth\"")]
    [InlineData("git://h/r.git?checksum=xyz1", "git source git://h/r.git?checksum=xyz1: invalid commit checksum \"xyz1\" (a commit id or a prefix of one)")]
    [InlineData("git://h/r.git?keep-git-dir=maybe", "git source git://h/r.git?keep-git-dir=maybe: keep-git-dir=maybe is not a boolean")]
    public void Unsafe_or_unsupported_sources_are_refused_with_one_line(string url, string message)
    {
        var error = Assert.Throws<HoistException>(() => GitSourceReference.Parse(url));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void An_oversized_ref_is_refused_before_git_sees_it()
    {
        var error = Assert.Throws<HoistException>(() => GitSourceReference.Parse("git://h/r.git#" + new string('r', 5000)));

        Assert.EndsWith($"ref longer than {GitSourceReference.MaxRefLength} characters", error.Message);
    }

    [Fact]
    public void A_checksum_flag_contradicting_the_query_is_refused()
    {
        var error = Assert.Throws<HoistException>(() => GitSourceReference.Parse("git://h/r.git?checksum=abcd1234", checksum: "ffff0000"));

        Assert.Equal("git source git://h/r.git?checksum=abcd1234: --checksum ffff0000 contradicts the URL's checksum abcd1234", error.Message);
    }
}
