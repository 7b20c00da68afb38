"""Small word lists about names: honorifics, pronouns and the gender cues they carry."""

from __future__ import annotations

Gender = str  # "m", "f" or "" (unknown)

# Honorifics and titles that precede a name; they are not part of the name itself.
HONORIFICS: dict[str, Gender] = {
    "mr": "m",
    "mr.": "m",
    "mrs": "f",
    "mrs.": "f",
    "ms": "f",
    "ms.": "f",
    "miss": "f",
    "sir": "m",
    "dame": "f",
    "lady": "f",
    "lord": "m",
    "king": "m",
    "queen": "f",
    "dr": "",
    "dr.": "",
    "prof": "",
    "prof.": "",
    "gov": "",
    "gov.": "",
    "sen": "",
    "sen.": "",
    "rep": "",
    "rep.": "",
    "gen": "",
    "gen.": "",
    "president": "",
    "senator": "",
    "governor": "",
    "representative": "",
    "mayor": "",
    "judge": "",
    "justice": "",
    "secretary": "",
    "minister": "",
    "chancellor": "",
    "chief": "",
    "general": "",
    "rev.": "",
    "father": "m",
    "sister": "f",
    "brother": "m",
}

# Role nouns that tell a person's gender: "spokeswoman Jane Roe", "the congressman".
GENDERED_ROLES: dict[str, Gender] = {
    "spokeswoman": "f",
    "spokesman": "m",
    "chairwoman": "f",
    "chairman": "m",
    "congresswoman": "f",
    "congressman": "m",
    "businesswoman": "f",
    "businessman": "m",
    "wife": "f",
    "husband": "m",
    "mother": "f",
    "father": "m",
    "daughter": "f",
    "son": "m",
    "sister": "f",
    "brother": "m",
    "actress": "f",
    "actor": "m",
    "woman": "f",
    "man": "m",
    "girl": "f",
    "boy": "m",
    "widow": "f",
    "niece": "f",
    "nephew": "m",
    "aunt": "f",
    "uncle": "m",
    "grandmother": "f",
    "grandfather": "m",
    "queen": "f",
    "king": "m",
    "princess": "f",
    "prince": "m",
}

# Common English first names with a strong gender reading (a short, general list: it only
# breaks ties between candidate antecedents of "he"/"she", and unknown names stay neutral).
_FEMALE = ["mary", "patricia", "jennifer", "linda", "elizabeth", "barbara", "susan", "jessica", "sarah", "karen", "nancy", "lisa", "margaret", "betty", "sandra", "ashley", "dorothy", "kimberly", "emily", "donna", "michelle", "carol", "amanda", "melissa", "deborah", "stephanie", "rebecca", "laura", "sharon", "cynthia", "kathleen", "amy", "shirley", "angela", "helen", "anna", "brenda", "pamela", "nicole", "samantha", "katherine", "emma", "ruth", "christine", "catherine", "debra", "rachel", "carolyn", "janet", "virginia", "maria", "heather", "diane", "julie", "joyce", "victoria", "kelly", "christina", "joan", "evelyn", "lauren", "judith", "olivia", "martha", "cheryl", "megan", "andrea", "hannah", "jacqueline", "ann", "jean", "alice", "kathryn", "gloria", "teresa", "sara", "janice", "doris", "julia", "madison", "grace", "judy", "abigail", "marie", "denise", "beverly", "amber", "theresa", "marilyn", "danielle", "diana", "brittany", "natalie", "sophia", "rose", "isabella", "alexis", "kayla", "charlotte", "hillary", "jill", "nikki", "kellyanne", "melania", "ivanka", "chelsea", "elizabeth", "nancy", "condoleezza", "madeleine", "loretta", "susan", "hope", "sheryl", "oprah", "angela", "theresa", "marine", "claire", "jane", "sally", "kate", "katie", "anne", "annie", "ellen", "eva", "elena", "irene", "lucy", "sophie", "zoe", "ella", "mia", "chloe", "laila", "fatima", "aisha", "amina", "leila", "maya", "nina", "rosa", "sonia", "tina", "vanessa", "wendy", "yvonne", "kamala", "tulsi", "debbie", "donna", "huma", "valerie", "michele", "melanie", "ava"]
_MALE = ["james", "robert", "john", "michael", "david", "william", "richard", "joseph", "thomas", "charles", "christopher", "daniel", "matthew", "anthony", "mark", "donald", "steven", "paul", "andrew", "joshua", "kenneth", "kevin", "brian", "george", "timothy", "ronald", "edward", "jason", "jeffrey", "ryan", "jacob", "gary", "nicholas", "eric", "jonathan", "stephen", "larry", "justin", "scott", "brandon", "benjamin", "samuel", "gregory", "alexander", "frank", "patrick", "raymond", "jack", "dennis", "jerry", "tyler", "aaron", "jose", "adam", "nathan", "henry", "douglas", "zachary", "peter", "kyle", "walter", "ethan", "jeremy", "harold", "keith", "christian", "roger", "noah", "gerald", "carl", "terry", "sean", "austin", "arthur", "lawrence", "jesse", "dylan", "bryan", "joe", "jordan", "billy", "bruce", "albert", "willie", "gabriel", "logan", "alan", "juan", "wayne", "roy", "ralph", "randy", "eugene", "vincent", "russell", "elijah", "louis", "bobby", "philip", "johnny", "barack", "bernie", "mike", "tim", "ted", "marco", "jeb", "ben", "chris", "bill", "hillary", "rudy", "newt", "mitch", "harry", "reince", "rand", "lindsey", "vladimir", "xi", "emmanuel", "boris", "recep", "bashar", "hassan", "mohammed", "muhammad", "ahmed", "ali", "omar", "abdul", "ibrahim", "mahmoud", "hamid", "karim", "sergei", "dmitri", "ivan", "igor", "hugo", "luis", "carlos", "pedro", "miguel", "jorge", "francisco", "pablo", "diego", "javier", "antonio", "giovanni", "marco", "luca", "hans", "karl", "klaus", "jens", "lars", "sven", "pierre", "jean-claude", "francois", "jacques", "nigel", "tony", "gordon", "dave", "steve", "jim", "tom", "bob", "dan", "rick", "ron", "greg", "ken", "jeff", "doug", "rob", "nick", "sam", "matt", "josh", "andy", "pat", "ray", "jon", "chuck", "rex", "reid", "eli", "elliot", "evan", "ian", "colin", "neil", "keegan", "kurt", "lou", "moe", "ned", "otis", "vic", "wes"]
FIRST_NAME_GENDER: dict[str, Gender] = {n: "f" for n in _FEMALE}
# A name on both lists (e.g. a typo) stays female-first; then male names fill the rest.
for _n in _MALE:
    FIRST_NAME_GENDER.setdefault(_n, "m")
FIRST_NAME_GENDER["hillary"] = "f"

PRONOUN_GENDER: dict[str, Gender] = {
    "he": "m",
    "him": "m",
    "his": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
}
SINGULAR_PRONOUNS = frozenset({"he", "she"})
PLURAL_PRONOUNS = frozenset({"they", "we"})
PERSONAL_PRONOUNS = frozenset({"he", "she", "they", "i", "we", "you", "it", "who"})
