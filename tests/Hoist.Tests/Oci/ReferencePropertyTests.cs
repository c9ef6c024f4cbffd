using CsCheck;
using Hoist.Formats;
using Hoist.Oci;

namespace Hoist.Tests.Oci;

/// <summary>
/// Image names, digests, platforms and <c>-o</c> specs arrive from Dockerfiles, manifests and command lines: on any
/// text the parsers answer with a value or a <see cref="HoistException"/> (one line), never another exception.
/// </summary>
public sealed class ReferencePropertyTests
{
    private static readonly string[] Pieces =
    [
        "sha256:", "sha512:", "md5:", "docker.io/", "localhost:5000/", "@sha256:", "type=", "dest=", "linux/amd64", "/v8",
        "../", "[::1]:5000/", "\uFFFF", "\uD800", new string('a', 64), new string('f', 128),
    ];

    /// <summary>Text made of the characters these grammars care about, plus some that they never allow.</summary>
    private static readonly Gen<string> Text =
        Gen.OneOf(
            Gen.String[Gen.Char["aZ09:/@._-+=,[]()\"' \t\n\0\\%?#*"], 0, 40],
            Gen.Int[0, Pieces.Length - 1].Select(i => Pieces[i]).Array[0, 8].Select(parts => string.Concat(parts)))
        .Array[1, 3].Select(parts => string.Concat(parts));

    [Fact]
    public void Reference_digest_and_platform_parsers_only_throw_hoist_exceptions()
    {
        Text.Sample(text =>
        {
            OnlyHoistExceptions(() => ImageReference.Parse(text));
            OnlyHoistExceptions(() => Digest.Parse(text));
            OnlyHoistExceptions(() => Platform.Parse(text));
            OnlyHoistExceptions(() => Platform.ParseList(text));
            OnlyHoistExceptions(() => BuildOutputParser.Parse(text, standardOutputIsTerminal: false));
            if (ImageReference.TryParse(text, out var reference, out _))
            {
                // What parses must print back to something that parses to the same reference.
                Assert.Equal(reference.ToString(), ImageReference.Parse(reference.ToString()).ToString());
            }
        }, iter: 20_000, threads: 1);
    }

    private static void OnlyHoistExceptions(Action parse)
    {
        try
        {
            parse();
        }
        catch (HoistException)
        {
        }
    }
}
