/**
 * The vocabulary of seeded messages, most frequent first: words are drawn with a steep skew toward
 * the start of the list (as in real text, a few words are everywhere and most are rare).
 */
export const WORDS = `
the you and to it is that we for of on are have be this just can what will at with not so do
but was me my your all if get no yes ok know like now how think see good go when time about
today tomorrow up out one there then back need want going here they would could call work home
really right got sure thanks well make still did more please soon let meet later night morning
day week lunch dinner coffee meeting office train late early weekend plan idea send file
photo link video message phone email check look find read write tell ask talk help start stop
finish open close new old big small long short great nice fine cool happy sorry busy free ready
done next last first little maybe again never always often already almost enough together alone
friend family mother father sister brother team boss client project budget report draft review
deadline schedule calendar ticket flight hotel airport station taxi bus car bike walk run swim
game match score party music movie book story song picture garden kitchen window door table
chair coat umbrella weather rain snow sunny cloudy windy storm river mountain forest beach
island bridge castle museum library bakery market festival concert theatre saxophone
`
  .trim()
  .split(/\s+/);
