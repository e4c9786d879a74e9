using System.Text;

namespace RealGanLab.Tests;

/// <summary>Reads the vna_flags of a named version requirement from an ELF64 file (test-side reader, independent of the build task).</summary>
public static class ElfVersionNeeds
{
    public static ushort? FlagsOf(byte[] elf, string version)
    {
        long shoff = BitConverter.ToInt64(elf, 0x28);
        int size = BitConverter.ToUInt16(elf, 0x3A), count = BitConverter.ToUInt16(elf, 0x3C);
        for (int s = 0; s < count; s++)
        {
            int header = (int)(shoff + s * size);
            if (BitConverter.ToUInt32(elf, header + 4) != 0x6ffffffe) continue;
            int offset = (int)BitConverter.ToInt64(elf, header + 0x18);
            int link = BitConverter.ToInt32(elf, header + 0x28);
            int needs = BitConverter.ToInt32(elf, header + 0x2C);
            int strings = (int)BitConverter.ToInt64(elf, (int)(shoff + link * size) + 0x18);
            int need = offset;
            for (int n = 0; n < needs; n++)
            {
                int aux = need + BitConverter.ToInt32(elf, need + 8);
                for (int a = 0; a < BitConverter.ToUInt16(elf, need + 2); a++)
                {
                    int name = strings + BitConverter.ToInt32(elf, aux + 8);
                    int end = Array.IndexOf(elf, (byte)0, name);
                    if (Encoding.ASCII.GetString(elf, name, end - name) == version) return BitConverter.ToUInt16(elf, aux + 4);
                    aux += BitConverter.ToInt32(elf, aux + 12);
                }
                need += BitConverter.ToInt32(elf, need + 12);
            }
        }
        return null;
    }
}
