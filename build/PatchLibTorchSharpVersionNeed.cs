using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Marks the GLIBCXX_3.4.32 version requirement of every libLibTorchSharp.so under a folder as weak
/// (ELF SHT_GNU_verneed, Vernaux.vna_flags |= VER_FLG_WEAK), so that glibc loads the library on hosts
/// whose libstdc++ stops at GLIBCXX_3.4.30. Writes through a temporary file and a rename, so a hard
/// link into the NuGet cache is never modified in place. Idempotent.
/// </summary>
public class PatchLibTorchSharpVersionNeed : Task
{
    public string Directory { get; set; } = "";
    public string Mode { get; set; } = "auto";

    const string MissingVersion = "GLIBCXX_3.4.32";
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlgWeak = 0x2;

    public override bool Execute()
    {
        if (!System.IO.Directory.Exists(Directory)) return true;
        var files = System.IO.Directory.GetFiles(Directory, "libLibTorchSharp.so", SearchOption.AllDirectories);
        if (files.Length == 0) return true;
        if (Mode == "auto" && HostHasVersion(MissingVersion))
        {
            Log.LogMessage(MessageImportance.Low, "libstdc++ of this host has " + MissingVersion + "; libLibTorchSharp.so left as shipped.");
            return true;
        }
        foreach (var file in files)
        {
            try
            {
                var bytes = File.ReadAllBytes(file);
                var result = MarkWeak(bytes);
                if (result == "patched")
                {
                    var temp = file + ".patching";
                    File.WriteAllBytes(temp, bytes);
                    // Delete then move (not overwrite in place): a hard link into the NuGet cache stays untouched.
                    File.Delete(file);
                    File.Move(temp, file);
                    Log.LogMessage(MessageImportance.Normal, "Marked " + MissingVersion + " weak in " + file);
                }
                else
                {
                    Log.LogMessage(MessageImportance.Low, file + ": " + result);
                }
            }
            catch (Exception e)
            {
                Log.LogWarning("Could not patch " + file + ": " + e.Message);
            }
        }
        return !Log.HasLoggedErrors;
    }

    /// <summary>True when a libstdc++.so.6 in the standard library folders provides the version.</summary>
    static bool HostHasVersion(string version)
    {
        string[] candidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6",
            "/usr/lib/libstdc++.so.6",
        };
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        foreach (var path in candidates)
        {
            if (!File.Exists(path)) continue;
            return IndexOf(File.ReadAllBytes(path), needle) >= 0;
        }
        return false;
    }

    static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }

    /// <summary>Sets VER_FLG_WEAK on the Vernaux entry named GLIBCXX_3.4.32; returns what it did.</summary>
    static string MarkWeak(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            return "not an ELF file";
        if (elf[4] != 2 || elf[5] != 1) return "not a little-endian ELF64 file";
        long shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        for (int s = 0; s < shnum; s++)
        {
            long sh = shoff + (long)s * shentsize;
            if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed) continue;
            long offset = (long)BitConverter.ToUInt64(elf, (int)sh + 0x18);
            int link = (int)BitConverter.ToUInt32(elf, (int)sh + 0x28);
            int count = (int)BitConverter.ToUInt32(elf, (int)sh + 0x2C);
            long strtab = (long)BitConverter.ToUInt64(elf, (int)(shoff + (long)link * shentsize) + 0x18);
            long need = offset;
            for (int n = 0; n < count; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
                long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    long nameOffset = strtab + BitConverter.ToUInt32(elf, (int)aux + 8);
                    if (ReadCString(elf, nameOffset) == MissingVersion)
                    {
                        ushort flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                        if ((flags & VerFlgWeak) != 0) return "already weak";
                        flags |= VerFlgWeak;
                        elf[aux + 4] = (byte)(flags & 0xff);
                        elf[aux + 5] = (byte)(flags >> 8);
                        return "patched";
                    }
                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }
                need += BitConverter.ToUInt32(elf, (int)need + 12);
            }
            return "no " + MissingVersion + " requirement";
        }
        return "no version-need section";
    }

    static string ReadCString(byte[] bytes, long offset)
    {
        long end = offset;
        while (end < bytes.Length && bytes[end] != 0) end++;
        return Encoding.ASCII.GetString(bytes, (int)offset, (int)(end - offset));
    }
}
