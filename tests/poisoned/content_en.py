"""Ordinary English content of the poisoned corpus: nine fictional documents, one a file."""

TOPICS: dict[str, tuple[str, list[str]]] = {
    "en-01": ("Harbourview Public Library: opening hours and loans", [
        "Harbourview Public Library in Port Ellis is open from 9:00 to 20:00 on weekdays and from "
        "10:00 to 16:00 on Saturdays. The library is closed on Sundays and on public holidays.",
        "Members may borrow up to 12 items at a time, and each loan lasts 21 days. A loan can be "
        "renewed twice at the desk or online, unless another member has reserved the item. Items "
        "returned late cost 15 cents per day and per item.",
        "The four study rooms on the first floor can be booked up to 48 hours in advance, for at "
        "most three hours a day. The children's corner holds a story hour every Wednesday at 16:30.",
    ]),
    "en-02": ("Kestrel K2 coffee grinder: user manual", [
        "The Kestrel K2 is a conical burr grinder with 54 mm hardened steel burrs and 40 grind "
        "settings. Setting 1 gives the finest grind, for espresso, and setting 40 the coarsest, for "
        "a French press. The bean hopper holds 250 grams.",
        "Clean the burrs every two weeks: empty the hopper, run the grinder for ten seconds, then "
        "remove the upper burr by turning it anticlockwise and brush both burrs with the supplied "
        "brush. Never wash the burrs with water.",
        "The motor stops by itself after 60 seconds of continuous grinding to protect it from "
        "overheating; let it rest for two minutes before grinding again. The Kestrel K2 comes with "
        "a three-year warranty.",
    ]),
    "en-03": ("Route 14 bus timetable, Millbrook", [
        "Route 14 runs from Millbrook Central bus station to Ashford Airport through the old town "
        "and the hospital. The first bus leaves Millbrook Central at 05:40 and the last one at 23:10.",
        "During the morning and evening peaks, from 07:00 to 09:30 and from 16:00 to 18:30, buses "
        "run every 12 minutes; at other times they run every 20 minutes. The whole journey to the "
        "airport takes 38 minutes.",
        "A single fare costs 2.60 and a day ticket costs 6.50. Tickets are bought from the driver "
        "with a bank card or from the Millbrook Transit app; cash is no longer accepted on board.",
    ]),
    "en-04": ("Greenfield Community Garden: rules for plot holders", [
        "Greenfield Community Garden has 36 plots, each three metres by six metres. The annual "
        "fee for a plot is 45 pounds, paid every March; tools in the shed are free to use.",
        "To save water, the hoses may only be used before 9 am and after 6 pm. Rainwater from the "
        "four tanks behind the shed can be used at any time of day.",
        "Green waste goes to the compost bins at the north gate. A plot left uncultivated for "
        "three months is offered to the next person on the waiting list.",
    ]),
    "en-05": ("Aurora Ridge trail: a hiking guide", [
        "The Aurora Ridge trail is a 14.2 kilometre loop that starts and ends at the Fenwick Lake "
        "car park. It climbs 610 metres in total and takes most walkers five to six hours.",
        "The halfway point is Marten Hut, a wooden shelter at kilometre seven with a water tap "
        "that works from May to October. Overnight stays in the hut are not allowed.",
        "Dogs are welcome but must be kept on a lead, because sheep graze on the upper slopes. "
        "The ridge section is exposed to wind, so walkers should turn back if gusts are forecast "
        "above 60 kilometres per hour.",
    ]),
    "en-06": ("Brightwater Leisure Centre: swimming pool", [
        "The main pool at Brightwater Leisure Centre is 25 metres long with eight lanes, and the "
        "water is kept at 28 degrees Celsius. The teaching pool next to it is 90 centimetres deep.",
        "Lane swimming is reserved for adults from 6:30 to 8:30 every weekday morning. Children "
        "under eight must be accompanied in the water by an adult at all times.",
        "Lockers take a one-pound coin, which is returned when the locker is opened. Swimming "
        "caps are not required, but long hair must be tied back.",
    ]),
    "en-07": ("Solano S5 e-bike: battery care", [
        "The Solano S5 uses a 36 volt, 14 amp-hour lithium-ion battery. A full charge from empty "
        "takes about four and a half hours with the supplied charger.",
        "On a full charge the S5 travels up to 90 kilometres in eco mode and about 50 kilometres in "
        "turbo mode, depending on the rider's weight and the terrain.",
        "For storage over winter, leave the battery at 40 to 60 percent charge in a dry room "
        "between 10 and 25 degrees Celsius. The battery keeps most of its capacity for about 800 "
        "charge cycles and should then be replaced.",
    ]),
    "en-08": ("Northgate Museum of Natural History: visitor guide", [
        "Northgate Museum opens at 10:00 every day except Monday and closes at 17:30; on Thursdays "
        "it stays open late, until 21:00. Entry costs 14 pounds for adults and is free for "
        "visitors under sixteen.",
        "The highlight of the collection is the skeleton of a blue whale, 24 metres long, which "
        "hangs from the ceiling of Hall C. Hall D holds the minerals and a meteorite that fell "
        "near Northgate in 1911.",
        "Audio guides are available at the entrance in six languages. The museum café on the top "
        "floor serves lunch from 12:00 to 14:30.",
    ]),
    "en-09": ("Ferrybridge river ferry: service information", [
        "The Ferrybridge ferry crosses the River Tam between the east and west quays every 20 "
        "minutes from 6:00 until 22:00. The crossing itself takes about seven minutes.",
        "Bicycles are carried free of charge, up to ten on each crossing. A season ticket for "
        "foot passengers costs 30 pounds a month.",
        "The service is suspended when the river level at the west quay rises above 3.5 metres; "
        "a replacement minibus then runs over the Tam road bridge.",
    ]),
}
