namespace Hoist.Registry;

/// <summary>
/// Reads a response body that is expected to be small (a manifest, a token, an error) without trusting its size: a
/// registry or token server may announce or stream gigabytes, and a plain ReadAsByteArrayAsync buffers up to 2 GiB
/// before it fails. Reading stops one buffer past <c>limit</c>.
/// </summary>
internal static class LimitedBody
{
    /// <summary>The body, or null when it is longer than <paramref name="limit"/> bytes.</summary>
    public static async Task<byte[]?> ReadAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > limit) return null;
        await using var body = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var memory = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (memory.Length + read > limit) return null;
            memory.Write(buffer, 0, read);
        }
        return memory.ToArray();
    }
}
