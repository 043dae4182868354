"""Word lists the name index uses to tell names from common capitalised words.

Generic language data only (function words, weekdays and months, titles, demonyms, organisation
keywords, common given names, well-known places and products), never the names of a particular
corpus. Every entry is lower-case; lookups use `word.lower()`.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.lower().split())


# Capitalised only because they open a sentence or a heading: articles, pronouns, prepositions,
# conjunctions, adverbs and frequent sentence openers in nl, fr, en, de, es, it.
STOPWORDS = _words(
    """
    a about above across after afterwards again against all almost also although always am among an
    and another any anyone anything are around as at back be because been before being below besides
    between both but by can could did do does doing down during each either else even ever every
    everyone everything few first for from further had has have having he her here hers herself him
    himself his how however i if in inside into is it its itself just last later least less let like
    many may me meanwhile might mine more moreover most much must my myself neither never
    nevertheless next no none nor not nothing now of off often on once one only onto or other others
    otherwise our ours ourselves out outside over own perhaps per rather same several she should
    since so some someone something sometimes soon still such than that the their theirs them
    themselves then there therefore these they this those though through thus to today together
    tomorrow too toward towards under unless until up upon us very via was we well were what whatever
    when whenever where whereas whether which while who whom whose why will with within without
    would yesterday yet you your yours yourself yourselves according despite instead including
    speaking asked said says
    aan af al alle alles als alsof altijd ander andere anders bij binnen bovendien daar daarbij
    daardoor daarentegen daarna daarmee daarnaast daarom daarvoor dan dat de deze die dit door dus
    echter een eerder eerst elk elke en enkele er eveneens even evenals ge geen gisteren haar had heb
    hebben heeft hem het hier hij hoe hoewel hun ieder iedereen iets ik in inmiddels intussen is ja
    je jij jullie kan kon kunnen later maar meer men met mij mijn misschien mocht moet moeten na naar
    naast namelijk niet niets nog nu of ofwel om omdat onder ondertussen ons onze ook op over
    overigens pas reeds sinds sindsdien slechts sommige soms steeds tegen tegelijk ten ter terwijl
    toch toen tot tussen u uit uw van vanaf vandaag vanwege veel verder volgens voor vooral voordat
    vrijwel waar waarbij waardoor waarin waarom wanneer want waren was wat we wel welk welke werd wie
    wij wil worden wordt zal ze zelf zich zij zijn zo zoals zodat zonder zou zowel zullen tevens
    vervolgens bovendien uiteindelijk wellicht zeker vaak nooit opvallend eind begin half
    à afin ai ainsi alors après au aucun aucune aujourd'hui auprès aussi autant autour autre autres
    aux avant avec avoir beaucoup bien c ce ceci cela celle celles celui cependant certains certaines
    ces cet cette ceux chaque chez ci comme comment contre d dans de depuis des dès donc dont du elle
    elles en encore enfin entre et été être eux fin finalement hier ici il ils j jamais je
    jusqu jusque l la le les leur leurs lors lorsque lui m ma mais malgré me même mes moi moins mon
    n ne ni non nos notre nous on ont or ou où outre par parce parmi pas pendant peu peut plus
    plusieurs pour pourtant puis qu quand que quel quelle quelles quels qui quoi rappelons s sa sans
    se selon ses si sinon soit son sont sous souvent sur t ta tandis tant tous tout toute toutes très
    trop tu un une vers voici voilà vos votre vous y désormais ensuite pourquoi certes déjà également
    notamment toutefois
    ab aber alle allem allen aller alles als also am an andere anderen anders auch auf aus außer bei
    beim bereits bis bisher bislang da dabei dadurch dafür dagegen daher damit danach dann darauf
    darüber das dass dazu dem den denen denn der deren des deshalb dessen die dies diese diesem
    diesen dieser dieses doch dort du durch ein eine einem einen einer eines einige er es etwa euch
    für gegen hatte hatten heute hier ich ihm ihn ihr ihre ihrem ihren ihrer im immer in ins ist jede
    jedem jeden jeder jedes jedoch jetzt kein keine man mehr mit nach neben nicht noch nun nur ob oder
    ohne schon sein seine seit seinem seinen seiner sich sie sind so sogar solche sollen sondern sowie
    statt trotz über um und uns unser unter vom von vor während war waren warum was weil welche
    welcher wenn wer werden wie wieder wir wird wo wurde wurden zu zudem zum zur zwar zwischen
    zunächst allerdings außerdem ebenfalls inzwischen laut gestern morgen
    agli ai al alla alle allo anche ancora avere che chi ci coi col come con contro cosa da dai dal
    dalla dalle dallo degli dei del della delle dello di dopo dove e è ed gli ha hanno il in io la le
    lei li lo loro lui ma mentre mi molto ne negli nei nel nella nelle nello noi non nostro o oggi
    ogni oltre per perché però più poi quale quando quanto quasi quella quelle quelli quello questa
    queste questi questo se secondo senza si sia sono su sugli sui sul sulla sulle sullo tra tutti
    tutto un una uno verso già inoltre infatti invece proprio
    algo algunos ante así aunque bajo cada como con cuando del desde donde durante el ella ellos en
    entre era es esa ese eso esta este esto fue ha hasta hay la las le les lo los mas más mientras muy
    nada ni no nos o otra otro para pero por porque que quien se ser si sin sobre su sus también tanto
    todo todos tras un una unos usted ya además según
    source sources bron quelle fonte fuente foto photo image video update lees lire read more
    euro euros dollar dollars cent procent prozent percent pour-cent million millions millionen
    milliarden milliard milliards miljoen miljard miljarden billion billions miliardi milioni
    """
)

# Day and month names: headings and dates, never names.
WEEKDAYS_MONTHS = _words(
    """
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag januari februari maart april mei juni
    juli augustus september oktober november december
    lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet
    août septembre octobre novembre décembre
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december
    montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag januar jänner februar märz
    april mai juni juli august september oktober november dezember
    lunes martes miércoles jueves viernes sábado domingo enero febrero marzo abril mayo junio julio
    agosto septiembre setiembre octubre noviembre diciembre
    lunedì martedì mercoledì giovedì venerdì sabato domenica gennaio febbraio marzo aprile maggio
    giugno luglio agosto settembre ottobre novembre dicembre
    """
)

# Titles and roles: they stand before a name but are not part of it.
TITLES = _words(
    """
    prime minister ministers president vice chief executive executives officer director chairman
    chairwoman chair founder cofounder co-founder senator governor secretary judge professor prof dr
    mr mrs ms sir lord lady king queen prince princess pope general commissioner chancellor mayor
    speaker analyst analysts spokesman spokeswoman spokesperson ceo cfo cto coo deputy acting
    interim senior
    premier minister staatssecretaris koning koningin prins prinses burgemeester topman topvrouw
    directeur voorzitter oprichter medeoprichter mede-oprichter hoogleraar dhr mevr journalist
    journaliste onderzoeker onderzoekster woordvoerder woordvoerster topbestuurder bestuursvoorzitter
    président présidente ministre pdg directrice fondateur fondatrice cofondateur cofondatrice
    monsieur madame docteur professeur sénateur maire juge patron patronne m mme mm
    bundeskanzler bundeskanzlerin kanzler kanzlerin ministerin präsident präsidentin chef chefin
    gründer gründerin mitgründer vorstandschef vorstandschefin geschäftsführer geschäftsführerin
    herr frau sprecher sprecherin
    presidente ministro ministra signor signora dottor dottoressa amministratore delegato
    fondatore fondatrice direttore direttrice
    señor señora don doña
    """
)

# Endings of compound role nouns (`Wirtschaftsminister`, `Branchenanalyst`, `Techredacteur`).
TITLE_SUFFIXES = (
    "minister", "ministerin", "kanzler", "kanzlerin", "analyst", "analystin", "analist", "präsident",
    "präsidentin", "gründer", "gründerin", "sprecher", "sprecherin", "redakteur", "redakteurin",
    "redacteur", "direktor", "direktorin", "voorzitter", "woordvoerder", "topman", "chef", "chefin",
    "experte", "expertin", "forscher", "forscherin", "onderzoeker", "correspondent", "officer",
    "secretaris", "commissaris", "informaticus", "journalist", "journaliste",
)

# Nationality and place-derived words, nouns and adjectives.
DEMONYMS = _words(
    """
    american americans british english french german dutch european europeans chinese japanese
    korean taiwanese indian canadian australian italian spanish russian swiss swedish belgian
    african asian israeli irish polish ukrainian brazilian mexican western eastern northern southern
    democrat democrats republican republicans
    amerikaan amerikaanse amerikaans amerikanen nederlander nederlanders nederlandse nederlands
    europese europees europeanen chinees chinese japans japanse duits duitse duitser fransman franse
    frans brits britse belgisch belgische belg italiaans italiaanse spaans spaanse russisch russische
    canadees canadese taiwanees taiwanese koreaans koreaanse zweedse zweeds zwitserse indiase
    australische israëlische vlaamse vlaams californische aziatische afrikaanse westerse oosterse
    français française françaises américain américaine américains européen européenne européens
    allemand allemande britannique chinois chinoise japonais japonaise néerlandais néerlandaise
    belge suisse canadien canadienne italien italienne espagnol espagnole coréen coréenne
    parisien parisienne londonien londonienne californien californienne
    amerikaner amerikanerin deutsche deutscher europäer europäische europäischen franzose
    franzosen chinesen niederländer
    americano americana italiano italiana europeo europea europei francese tedesco tedesca
    cinese giapponese olandese inglese
    """
)

# Acronyms and short forms that are common nouns, units or places, not organisations.
COMMON_ACRONYMS = _words(
    """
    ai ki ia ceo cfo cto coo cio pdg dg ceo's gpu gpus cpu cpus tpu npu api apis llm llms agi asi pc
    tv it ict pr hr ipo r&d dna rna faq pdf ok id usb vr ar xr ev evs iot saas 5g 4g 3g ml nlp
    us usa uk vs nl be de fr eu-landen gb tb mb kb gw mw kw kwh usd eur gbp co2 ny la sf dc am pm
    phd msc bsc mba vip gdp bbp btw vat cet utc gmt ii iii iv vi vii viii ix xi xii xiii xiv xv
    ap afp anp dpa ansa
    """
)

# Products and models that look like company names (CamelCase, capitalised) but are not one.
PRODUCTS = _words(
    """
    chatgpt gpt gpt-3 gpt-4 gpt-4o gpt-5 dall-e dalle sora whisper codex gemini bard claude llama
    copilot bing azure windows office android iphone ipad mac macbook chrome siri alexa cortana
    alphafold alphago imagenet pytorch tensorflow cuda linux xbox playstation kindle
    """
)

# Generic endings of a company's name that it is also known without (`Mistral AI`, `Mistral`).
ORG_SUFFIXES = _words("ai inc inc. corp corporation ltd llc gmbh ag sa nv bv plc group")

# Multi-word products and models.
PRODUCT_PHRASES = frozenset({"stable diffusion", "dall e", "google search", "apple intelligence"})

# Last words of names that are neither people nor organisations: awards, laws, events, treaties.
NON_NAME_KEYWORDS = _words(
    """
    award awards prize prizes prijs prix preis premio premios medal medaille act acts agreement
    declaration treaty protocol accord akkoord verdrag summit top gipfel sommet vertice festival cup
    championship olympics games expo
    """
)
NON_NAME_SUFFIXES = ("prijs", "preis", "prize", "award")

# Common nouns some languages capitalise by convention (`l'État`, `il Paese`).
CAPITALISED_NOUNS = _words("état etat staat stato paese estado rijk reich land länder bund")

# Words that end (or, for a few, head) an organisation's name.
ORG_KEYWORDS = _words(
    """
    ai labs lab inc inc. corp corporation company co ltd llc gmbh ag sa nv bv se plc spa srl
    group groep groupe gruppe gruppo grupo holding holdings technologies technology systems software
    services solutions networks partners capital ventures bank banque banca banco
    university universiteit université universität università universidad college school
    institute instituut institut istituto instituto academy academie académie akademie accademia
    academia foundation stichting fondation stiftung fondazione fundación
    commission commissie kommission commissione comisión council raad conseil rat consiglio consejo
    parliament parlement parlament parlamento court cour hof gericht tribunal tribunale tribunale
    kamer senate senaat sénat senat senato assembly assemblée congress congrès kongress
    ministry ministerie ministère ministerium ministero department agency agentschap agence agentur
    agenzia authority autoriteit autorité behörde autorità union unie unione unión
    party partij parti partei partito partido association vereniging verband federation federatie
    fédération alliance organisation organization organisatie society journal times post press
    media images studios motors airlines pharma energy robotics dynamics research reserve analytics
    cloud ventures telecom telekom zaken
    """
)

# Keywords that can head an organisation's name in Romance languages (`Commission nationale du
# débat public`, `Unione europea`), followed by lower-case adjectives.
ORG_HEADS = _words(
    """
    commission commissione comisión union unione unión cour conseil consiglio consejo autorité
    autorità agence agenzia assemblée banque banca banco parlement parlamento tribunal tribunale
    ministère ministero institut istituto instituto université università universidad
    """
)
ORG_HEAD_ADJECTIVES = _words(
    """
    nationale national nazionale nacional européenne europea europeo européen europea federale
    fédérale federal centrale central générale generale general internationale internazionale
    mondiale suprême supérieure superiore constitutionnel constitutionnelle costituzionale
    """
)
ORG_HEAD_TAIL_ADJECTIVES = _words(
    """
    public publique pubblico pubblica numérique digitale national nationale libertés concurrence
    """
)

# Name particles that may stand between a given name and a surname.
PARTICLES = _words(
    """
    van von der den de del della dello degli dei di da das dos do du des la le bin ibn al el ter ten
    zu zum zur y
    """
)
# Connectors allowed after an organisation keyword (`Universiteit van Toronto`, `Bank of England`).
ORG_CONNECTORS = _words("van voor of for de du des für der di del della da")

# Elided articles and prepositions glued to the next word (`d'OpenAI`, `dell'Unione`).
ELISIONS = _words(
    """
    d l j n s c m t qu jusqu lorsqu puisqu quoiqu dell dall nell sull all coll quell un
    """
)

# Prepositions that put a name in a place (`in Dresden`, `à Paris`, `uit Veldhoven`).
LOCATIVES = _words("in uit te à au aux nach aus near naar")
LOCATIVES_ROMANCE = _words("a")

# Definite articles and article-prepositions: a single capitalised word that only ever follows one
# of these is a common noun (`del Paese`, `nel Mediterraneo`), not a name.
ARTICLES = _words(
    """
    the het le la les il lo gli i del della dello dei degli delle nel nella nello nei negli nelle al
    allo alla agli alle dal dalla dallo sul sulla sullo der die das den dem des im am vom zum zur
    beim ins el los las l dell nell dall sull all
    """
)

# Words around a name that say it is a person: speech verbs and relative pronouns after a comma.
# Speech verbs before a name only in languages that invert (`zei Hinton`, `sagte Müller`);
# `according to`, `volgens`, `selon` introduce organisations as often as people.
PERSON_CUES_BEFORE = TITLES | _words("zei zegt aldus sagte sagt meint erklärte")
PERSON_CUES_AFTER = _words("who whose die wiens wier qui che der welcher welche quien")
SPEECH_VERBS = _words(
    """
    said says told added argued explained wrote warned believes thinks zei zegt schreef schrijft
    vindt waarschuwt benadrukte sagte sagt schrieb erklärte meint warnte dit déclare explique
    estime affirme écrit ajoute souligne ha detto dice afferma spiega ha spiegato scrive
    """
)

# Words before a name that say it is an organisation (`chez Hugging Face`, `start-up Aleph Alpha`).
ORG_CUES_BEFORE = _words(
    """
    chez bij at start-up startup start-ups bedrijf company firm société entreprise groupe group
    unternehmen konzern firma azienda società gruppo empresa chipmaker chipfabrikant fabrikant
    fabricant maker subsidiary dochterbedrijf filiale platform plateforme plattform piattaforma
    concurrent rivaal rival laboratoire lab labo softwaremaker softwarebedrijf techbedrijf
    """
)

# Verbs of reporting after a sentence-initial word: `Bloomberg reported`, `Microsoft zei`.
NEWS_VERBS = _words(
    """
    said says told reported reports announced announces confirmed confirms declined denied added
    wrote warned argued claimed unveiled launched zei zegt meldt meldde schrijft schreef
    bevestigde bevestigt kondigde kondigt ontkent ontkende sagte sagt meldete teilte kündigte
    bestätigte
    """
)

# Places: countries, regions, continents and large cities in the main languages of the corpus.
PLACES = _words(
    """
    nederland holland belgië belgique belgien belgium frankrijk france frankreich francia duitsland
    allemagne deutschland germany germania alemania italië italie italien italy italia spanje espagne
    spanien spain spagna españa engeland angleterre england inghilterra inglaterra
    groot-brittannië grande-bretagne großbritannien britain  
    royaume-uni    ierland irlande irland ireland
    irlanda schotland scotland écosse zwitserland suisse schweiz switzerland svizzera suiza
    oostenrijk autriche österreich austria zweden suède schweden sweden svezia suecia noorwegen
    norvège norwegen norway norvegia noruega denemarken danemark dänemark denmark danimarca
    dinamarca finland finlande finnland finlandia polen pologne poland polonia rusland russie
    russland russia rusia oekraïne ukraine ukraina ucrania europa europe europa azië asie asien asia
    afrika afrique africa amerika amérique america américa oceanië australië australie australien
    australia canada kanada canadá china chine cina japan japon giappone japón korea corée korea
    corea zuid-korea noord-korea taiwan taïwan india inde indien indië israël israel israele
    iran irak iraq turkije turquie türkei turkey turchia turquía brazilië brésil brasilien brazil
    brasile brasil mexico mexique mexiko messico méxico argentinië argentine argentinien argentina
    egypte égypte ägypten egypt egitto egipto saoedi-arabië  saudi-arabien arabia
     états-unis     vs
    amsterdam rotterdam utrecht eindhoven delft leiden groningen  brussel
    bruxelles brüssel brussels bruxelas antwerpen anvers gent parijs paris parigi parís londen
    londres london londra berlijn berlin berlino berlín münchen munich monaco munique hamburg
    hambourg amburgo frankfurt francfort keulen köln cologne heidelberg stuttgart
    wenen vienne wien vienna viena zürich zurich genève genf geneva ginevra rome roma rom madrid
    barcelona barcelone lissabon lisbonne lisbon lisboa milaan milan mailand milano napels naples
    neapel napoli turijn turin turín torino lyon marseille toulouse nice bordeaux lille straatsburg
    strasbourg straßburg stockholm oslo kopenhagen copenhague copenhagen helsinki warschau varsovie
    warsaw varsavia praag prague prag praga boedapest budapest dublin edinburgh oxford cambridge
    manchester moskou moscou moskau moscow mosca kiev kyiv kiew peking pékin beijing pechino
    shanghai shenzhen hongkong  tokio tokyo tokyo seoul séoul taipei singapore singapour
    singapur bangalore mumbai delhi dubai   washington californië californie
    kalifornien california texas florida seattle boston chicago  
       cupertino  redmond austin toronto montreal
    montréal vancouver ottawa sydney melbourne  davos brussel straatsburg
     midden-oosten moyen-orient
    """
)
# Multi-word places, folded, for whole-name checks.
PLACE_PHRASES = frozenset(
    {
        "verenigde staten", "united states", "états-unis", "etats-unis", "vereinigte staaten",
        "stati uniti", "estados unidos", "new york", "san francisco", "los angeles", "las vegas",
        "hong kong", "tel aviv", "den haag", "silicon valley", "palo alto", "mountain view",
        "menlo park", "san jose", "verenigd koninkrijk", "royaume-uni", "regno unito", "reino unido",
        "midden-oosten", "middle east", "zuid-korea", "noord-korea", "south korea", "north korea",
        "saoedi-arabië", "new delhi", "wall street", "san diego", "abu dhabi", "buenos aires",
        "rio de janeiro", "sao paulo", "são paulo", "vereinigtes königreich", "gran bretagna",
        "arabie saoudite",
    }
)

# Common given names across the corpus languages (and frequent international ones). A capitalised
# word from this list followed by another capitalised word starts a person's name.
GIVEN_NAMES = _words(
    """
    aaron abdul abdullah abel abigail abraham adam adrian adriana adrien agnès agnieszka ahmed aidan
    aiden alain alan albert alberto alejandro alessandra alessandro alex alexander alexandra
    alexandre alexia alexis alfred alfredo ali alice alicia alina alison amanda amber amelia amy ana
    anaïs anand anders andré andrea andreas andrew andrés andrzej andy angela angelo angelika anita
    ann anna anne annelies anneke annette anthony antoine anton antonio anya anne-marie arjen arnaud
    arnold arthur arvind ashley astrid aurélie ava axel barbara barack bart bas beatrice ben benedikt
    benjamin benoît bernard bernd bert bettina bill bob boris brad bram brandon brett bret brian
    brigitte bruno caitlin camille carl carla carlo carlos carmen carol caroline casey catherine cathy
    cecilia cédric charles charlie charlotte chen chris christian christiane christina christine
    christoph christophe christopher claire clara claude claudia clément colin connor cora corinne
    cynthia dan daniel daniela daniele danielle dario darius dave david dawn dean debora deborah
    denis dennis diana diane dick dieter dimitri dirk dominic dominique donald dong doris dorothy
    douglas dries dylan ed eddie edward edwin eileen elena eleanor eli elias elisabeth elise eliza
    elizabeth ella ellen elon elsa emad emily emilie émilie emma emmanuel emmett enrico eric erik
    erika ernst esther ethan étienne eva evelyn fabian fabien fabio fabrice farid fatima federico geoffrey geoff godfrey
    felix ferdinand fernando filip filippo florence florian floris francesca francesco francis
    franck françois frank frans franz fred frederik frédéric friedrich gabriel gabriela gabriele
    gareth gary gavin geert georg george georges gerard gérard gerhard gert gianluca gilles gina
    giorgia giorgio giovanni gisela giulia giuseppe glenn gordon grace greg gregory guido guillaume
    günter gustav hans hannah harald harold harry hassan heather hector heidi heinrich heinz helen
    helena helga hendrik henk henri henrik henry herbert herman hermann hilde hillary holger hugo
    hui ian ibrahim ilya inge ingrid irene iris isaac isabel isabella isabelle ivan jack jacob
    jacques jake james jan jane janet janine jannik jared jason javier jean jean-claude jean-luc
    jean-marc jean-paul jean-pierre jeanne jeff jeffrey jennifer jens jensen jeremy jerome jérôme jess
    jessica jim joachim joan joanna jochen joe joel johan johann johanna johannes john jon jonas
    jonathan joop jordan jorge josé joseph josh joshua joyce juan judith julia julian julie julien
    juliette jürgen justin kai kamala karen karin karl kate katharina katherine kathleen kathryn katie
    katrin kees keith kelly ken kenneth kevin kim klaas klaus koen kristin kurt lara larry laura
    laurent lauren lea leah lena leo leon léon leonardo leonie lewis liam lieve lily linda lisa lois
    lorenzo louis louise luc luca lucas lucia lucie ludwig luigi luis luisa luka lukas luke maarten
    madeleine maria marie mario marion marissa marjan mark marc marco marcus margaret margot maria
    mariana marianne marie-claire marina mario marius marjolein mark marta martha martin martina
    marvin mary massimo mathias mathieu matt matteo matthew matthias matthieu maurice max maxime
    maximilian meg megan melanie melissa merel mette michael michaela michal michel michela michele
    michelle miguel mike mila milan mira miriam mohamed mohammed monica monika morgan muhammad
    mustafa nadia nancy naomi narendra nat natalie natasha nathalie nathan nick nicola nicolas
    nicole niels nina noah noam noël nora oliver olivia olivier olaf omar oscar otto pablo paola
    pascal patricia patrick paul paula paulo pedro peggy peter petra philip philipp philippe pierre
    piet pieter pietro quentin rachel rafael raffaele rajesh ralf ralph ramón raphaël raúl ray
    raymond rebecca reid reinhard rémi rené renate rhys ricardo riccardo richard rick rishi rita rob
    robert roberta roberto robin rodrigo roel roger roland romain ronald rosa rose ruben rudolf rui
    rupert russell ruth ryan sabine sacha sally sam samantha samuel sandra sara sarah sascha satya
    scott sean sebastian sébastien sergey sergio shane sharon sheryl shira silvia simon simone sofia
    sophia sophie stan stefan stefano stéphane stephanie stephen steve steven stuart sue sundar susan
    susanne suzanne sven sylvain sylvie tamara tanja ted teresa terry thierry thijs thomas tim timothy
    tina tobias todd tom tomas tommaso tony torsten tristan ursula valentina valérie vanessa vera
    victor victoria vincent vincenzo virginia vivek walter wendy werner wilhelm willem william wim
    wolfgang xavier yann yannick yasmine yuki yusuf yves zoe zoë
    anouk bram daan eline femke fleur ilse joost jeroen lotte marieke noor ruben sanne thijs wouter
    bas gijs jesse lars luuk milan niels sem stijn tijn twan ward wessel wout anke annemarie esmee
    evi fenna floor iris isa jasmijn julia lieke lisanne loes maud nienke roos saskia sophie tessa
    yara amélie benoît céline chloé gaëlle hélène jérôme léa mathis théo clémence élodie maëlle
    océane timothée baptiste corentin gaspard loïc mathilde solène thibault
    björn jörg jürgen søren sören ingrid lena knut lars nils olaf ole sigrid stig torben
    paolo chiara giulia marco matteo lorenzo alessia beatrice giacomo sergio silvio
    lucía sofía mateo josé alejandro javier ana pablo diego jorge luis carmen
    andrej jakub lina tomasz piotr pavel ivana olga nikolai dmitri vladimir sergei
    aoife siobhan niamh seán ciarán sinéad eoin padraig
    arjun priya rahul sanjay anil amit deepak ravi sunita kiran vikram
    mei wei li ming hao jun yan xin ying zhang
    kwame kofi amina chidi ngozi tunde
    hiroshi kenji takeshi yuko akira
    tasha
    """
)

# Month names that are also given names (`Mei Chen`, `June Lee`): a name when a surname follows.
MONTH_GIVEN_NAMES = _words("may mei june april augusta")
