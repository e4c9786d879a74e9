using RealGanLab.Configuration;

namespace RealGanLab.Tests;

[NoGarbageCollection]
public class DidYouMeanTests
{
    static readonly string[] Keys = ["name", "nDis", "gamma", "estimator", "lambda", "align"];

    [Theory]
    [InlineData("gama", "gamma")]
    [InlineData("gamm", "gamma")]
    [InlineData("GAMMA", "gamma")]
    [InlineData("lamda", "lambda")]
    [InlineData("estimater", "estimator")]
    [InlineData("ndis", "nDis")]
    [InlineData("nmae", "name")]
    public void SuggestsTheIntendedKeyFirst(string typo, string intended) =>
        Assert.Equal(intended, DidYouMean.Suggest(typo, Keys)[0]);

    [Theory]
    [InlineData("gama")]
    [InlineData("estimater")]
    public void SuggestsOnlyTheCloseOnes(string typo) => Assert.Single(DidYouMean.Suggest(typo, Keys));

    [Fact]
    public void SuggestsNothingForAnUnrelatedWord() => Assert.Empty(DidYouMean.Suggest("temperature", Keys));
}
