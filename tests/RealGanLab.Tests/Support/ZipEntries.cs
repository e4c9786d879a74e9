namespace RealGanLab.Tests;

/// <summary>Finds an entry's bytes in a zip archive by its local header, for tests that damage one tensor of a .pt file.</summary>
public static class ZipEntries
{
    /// <summary>Where the data of the first entry whose name ends in <paramref name="suffix"/> starts.</summary>
    public static int DataStart(byte[] zip, string suffix)
    {
        for (int at = 0; at + 30 < zip.Length; at++)
        {
            if (BitConverter.ToUInt32(zip, at) != 0x04034b50) continue;
            int nameLength = BitConverter.ToUInt16(zip, at + 26), extraLength = BitConverter.ToUInt16(zip, at + 28);
            var name = System.Text.Encoding.UTF8.GetString(zip, at + 30, nameLength);
            if (name.EndsWith(suffix, StringComparison.Ordinal)) return at + 30 + nameLength + extraLength;
        }
        throw new InvalidOperationException($"no entry {suffix}");
    }
}
