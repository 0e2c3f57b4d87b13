//! Curated parts the demo platform is built from: countries with their cities and legal forms,
//! company names, technology templates for each of the ten critical areas, the settings they
//! are fielded in, and what evidence each TRL rests on. Written to read like real entries.

/// (country code, legal form of a company, cities)
pub const COUNTRIES: &[(&str, &str, &[&str])] = &[
    ("FI", "Oy", &["Espoo", "Oulu", "Tampere"]),
    ("SE", "AB", &["Linköping", "Gothenburg", "Luleå"]),
    ("EE", "OÜ", &["Tallinn", "Tartu"]),
    ("LV", "SIA", &["Riga", "Ventspils"]),
    ("LT", "UAB", &["Vilnius", "Kaunas"]),
    ("PL", "Sp. z o.o.", &["Warsaw", "Gdańsk", "Kraków"]),
    ("DE", "GmbH", &["Munich", "Bremen", "Jena"]),
    ("NL", "B.V.", &["Delft", "Eindhoven", "Den Helder"]),
    ("BE", "NV", &["Leuven", "Liège", "Ghent"]),
    ("FR", "SAS", &["Toulouse", "Grenoble", "Brest"]),
    ("ES", "S.L.", &["Madrid", "Bilbao", "Valencia"]),
    ("PT", "Lda.", &["Lisbon", "Porto"]),
    ("IT", "S.r.l.", &["Turin", "Genoa", "Pisa"]),
    ("GR", "S.A.", &["Athens", "Thessaloniki"]),
    ("CZ", "s.r.o.", &["Brno", "Prague"]),
    ("DK", "ApS", &["Aarhus", "Odense"]),
    ("NO", "AS", &["Kongsberg", "Trondheim"]),
    ("AT", "GmbH", &["Graz", "Linz"]),
    ("RO", "S.R.L.", &["Cluj-Napoca", "Bucharest"]),
    ("IE", "Ltd", &["Cork", "Galway"]),
];

/// First words of company names; each used once.
pub const NAME_ROOTS: &[&str] = &[
    "Kestrel", "Halcyon", "Borealis", "Meridian", "Tern", "Vireo", "Lodestar", "Sarek", "Aster",
    "Corvid", "Fjord", "Glimmer", "Heron", "Ilmari", "Jotun", "Kaleva", "Lumo", "Merlin", "Nimbus",
    "Osprey", "Pallas", "Quill", "Runa", "Sisu", "Tapio", "Ukko", "Vega", "Wren", "Xylo", "Ysolde",
    "Zephyr", "Aegir", "Brisa", "Cirrus", "Dvina", "Eider", "Falcata", "Gannet", "Hydra", "Iris",
    "Jade", "Kite", "Lynx", "Mistral", "Nereid", "Orion", "Petrel", "Quasar", "Riff", "Skua",
    "Tundra", "Umbra", "Vanta", "Wolfram", "Ardea", "Bora", "Calypso", "Delta", "Egret", "Frigate",
    "Grebe", "Harrier", "Ibis", "Juniper", "Karst", "Larch",
];

/// One technology template: a base title and texts that the setting completes.
pub struct Template {
    pub areas: &'static [&'static str],
    pub title: &'static str,
    pub summary: &'static str,
    pub civil: &'static str,
    pub defence: &'static str,
    pub keywords: &'static str,
    pub confidential: &'static str,
    /// An EU dual-use (Annex I) entry that fits, for the entries marked as listed.
    pub annex: &'static str,
}

/// Per area, what its companies are called after (company name: root + word + legal form).
pub const AREA_WORDS: &[(&str, &str)] = &[
    ("semiconductors", "Microsystems"),
    ("artificial_intelligence", "Analytics"),
    ("quantum", "Quantum"),
    ("biotechnologies", "Biosciences"),
    ("connectivity", "Networks"),
    ("sensing", "Sensing"),
    ("space", "Space"),
    ("energy", "Power"),
    ("robotics", "Robotics"),
    ("materials", "Materials"),
];

pub const TEMPLATES: &[Template] = &[
    // Advanced semiconductors
    Template { areas: &["semiconductors"], title: "Radiation-hardened RISC-V processor", summary: "A radiation-hardened RISC-V processor built on a European 22 nm process, so that satellites and military avionics no longer depend on export-licensed chips.", civil: "Satellites, nuclear instrumentation and high-altitude aviation.", defence: "Trusted processing for missiles, avionics and military satellites.", keywords: "RISC-V, radiation hardening, trusted electronics, sovereign supply chain", confidential: "Triple-modular redundancy applied selectively to the pipeline; latch-up immunity above 80 MeV·cm²/mg.", annex: "3A001.a.1" },
    Template { areas: &["semiconductors", "connectivity"], title: "Gallium nitride power amplifier for X-band", summary: "Gallium nitride monolithic power amplifiers for X-band radar and data links, designed and packaged in Europe with twice the efficiency of gallium arsenide parts.", civil: "Weather radar and satellite ground stations.", defence: "Active electronically scanned array radars and jammers.", keywords: "GaN, MMIC, power amplifier, X-band, AESA", confidential: "Thermal via layout and a proprietary field-plate design; 48 % power-added efficiency at 10 GHz.", annex: "3A001.b.2" },
    Template { areas: &["semiconductors", "sensing"], title: "Uncooled infrared focal-plane array", summary: "An uncooled microbolometer focal-plane array at 12 µm pitch produced on a European line, for thermal cameras that need neither cryocoolers nor non-EU components.", civil: "Firefighting, building inspection and driver assistance.", defence: "Thermal sights, drone payloads and perimeter surveillance.", keywords: "infrared, microbolometer, thermal imaging, focal-plane array", confidential: "Vanadium-oxide deposition recipe and wafer-level vacuum packaging yield of 92 %.", annex: "6A002.a.3" },
    Template { areas: &["semiconductors"], title: "Chiplet packaging line for secure electronics", summary: "Advanced packaging that joins chiplets from different foundries into one secure module, with supply-chain traceability for every die.", civil: "Automotive and industrial control electronics.", defence: "Secure processing modules for command systems and weapons.", keywords: "chiplets, advanced packaging, hardware security, traceability", confidential: "Die-level physically unclonable functions recorded in a tamper-evident ledger.", annex: "3B001" },
    // Artificial intelligence
    Template { areas: &["artificial_intelligence"], title: "Multilingual open-source intelligence triage", summary: "Language models that read open sources in 30 languages, cluster reports about the same event and flag disinformation campaigns for analysts.", civil: "Newsrooms, crisis response and election monitoring.", defence: "Intelligence analysis and information-environment assessment.", keywords: "OSINT, natural language processing, disinformation, machine learning", confidential: "Fine-tuned on 4 million annotated reports; runs fully on premises without internet access.", annex: "" },
    Template { areas: &["artificial_intelligence", "sensing"], title: "Target recognition on the edge", summary: "Computer vision that recognises vehicles and people in thermal and visible video on a 10 W module, explaining each detection to the operator.", civil: "Search and rescue and wildlife protection.", defence: "Reconnaissance drones and vehicle sights with a human in the loop.", keywords: "computer vision, edge AI, automatic target recognition, explainable AI", confidential: "Synthetic training data generator and quantisation pipeline keeping 97 % of full-precision accuracy.", annex: "" },
    Template { areas: &["artificial_intelligence"], title: "Predictive maintenance for military fleets", summary: "Models that predict failures of engines and gearboxes from usage data, so that fleets plan spares and keep more vehicles available.", civil: "Rail, mining and wind-farm maintenance.", defence: "Readiness of armoured vehicle, helicopter and ship fleets.", keywords: "predictive maintenance, machine learning, fleet readiness, logistics", confidential: "Physics-informed models trained on 12 years of maintenance records from two armed forces.", annex: "" },
    Template { areas: &["artificial_intelligence", "connectivity"], title: "Decision support for mission planning", summary: "A planning assistant that proposes courses of action, checks them against terrain, logistics and rules of engagement, and shows why it ranks one above another.", civil: "Emergency management and large-event planning.", defence: "Brigade and battalion staff planning.", keywords: "decision support, mission planning, command and control, explainable AI", confidential: "Constraint solver coupled with a wargaming simulator; validated in two staff exercises.", annex: "" },
    // Quantum
    Template { areas: &["quantum", "sensing"], title: "Quantum gravimeter for underground mapping", summary: "A cold-atom gravimeter that maps tunnels, bunkers and cavities from the surface without drilling, robust enough for a vehicle.", civil: "Geology, civil engineering and archaeology.", defence: "Detection of tunnels and underground facilities.", keywords: "quantum sensing, gravimeter, cold atoms, underground detection", confidential: "Compact laser system in a 40-litre package; sensitivity 50 nm/s² after 10 s.", annex: "6A006" },
    Template { areas: &["quantum", "connectivity"], title: "Quantum key distribution terminal", summary: "A rack-mounted quantum key distribution terminal that secures links between command posts against future quantum computers.", civil: "Banks, grid operators and government networks.", defence: "Key distribution between headquarters and data centres.", keywords: "quantum key distribution, QKD, post-quantum, secure communications", confidential: "Decoy-state protocol on standard telecom fibre up to 120 km; certification with a national authority under way.", annex: "5A002.a" },
    Template { areas: &["quantum", "connectivity"], title: "Chip-scale atomic clock", summary: "A chip-scale atomic clock that keeps radios and sensors on time for days when satellite navigation is jammed.", civil: "Telecom networks and financial time-stamping.", defence: "Timing for radios, radars and munitions in GNSS-denied conditions.", keywords: "atomic clock, timing, PNT, GNSS-denied", confidential: "Micro-fabricated caesium cell with 1 µs drift per day; 120 mW power draw.", annex: "" },
    Template { areas: &["quantum", "sensing"], title: "Quantum magnetometer array", summary: "Optically pumped magnetometers in a towed array that find mines, cables and wrecks on the seabed with far less noise than fluxgates.", civil: "Seabed surveys for wind farms and cables.", defence: "Mine countermeasures and anti-submarine warfare.", keywords: "quantum sensing, magnetometer, mine countermeasures, seabed survey", confidential: "Heading-error compensation model reducing platform noise by a factor of 20.", annex: "6A006.a" },
    // Biotechnologies
    Template { areas: &["biotechnologies"], title: "Field biosensor for biological agents", summary: "A handheld biosensor that identifies anthrax, plague and ricin from a swab in fifteen minutes, without a laboratory.", civil: "Public health, food safety and border control.", defence: "CBRN reconnaissance and force protection.", keywords: "biosensor, CBRN, biological agents, point of care", confidential: "Aptamer panel with freeze-dried reagents stable for two years at 40 °C.", annex: "2B352" },
    Template { areas: &["biotechnologies", "materials"], title: "Freeze-dried plasma for prolonged field care", summary: "Freeze-dried plasma that reconstitutes in under three minutes and keeps for two years without refrigeration, for bleeding casualties far from hospitals.", civil: "Rural ambulances and disaster medicine.", defence: "Prolonged field care and casualty evacuation.", keywords: "combat casualty care, freeze-dried plasma, haemorrhage, medical logistics", confidential: "Pathogen-reduction step and lyophilisation cycle of 26 hours.", annex: "" },
    Template { areas: &["biotechnologies"], title: "Wearable physiological monitor for soldiers", summary: "A chest-worn monitor that tracks heat strain, fatigue and blood loss and warns medics before a soldier collapses.", civil: "Firefighters, miners and endurance athletes.", defence: "Soldier health monitoring and triage.", keywords: "wearables, physiological monitoring, triage, soldier health", confidential: "Core-temperature estimation algorithm validated on 300 volunteers in a climatic chamber.", annex: "" },
    Template { areas: &["biotechnologies", "materials"], title: "Bio-based energetic binder", summary: "A binder for propellants and explosives made from fermented feedstock instead of imported petrochemicals, with the same performance.", civil: "Mining explosives and airbag initiators.", defence: "Secure supply of propellants for artillery and rockets.", keywords: "biomanufacturing, energetics, propellant, supply chain", confidential: "Engineered yeast strain and purification route to 99.5 %.", annex: "1C011" },
    // Connectivity
    Template { areas: &["connectivity"], title: "Mesh radio for dismounted soldiers", summary: "A software-defined mesh radio that keeps squads connected in forests and buildings and hops frequencies when jammed.", civil: "Police, firefighters and mountain rescue.", defence: "Tactical communications for dismounted units.", keywords: "software-defined radio, MANET, mesh network, anti-jamming", confidential: "Waveform with cognitive frequency hopping; 24-hop relaying at 2 Mbit/s.", annex: "5A001.b.3" },
    Template { areas: &["connectivity", "space"], title: "Low-earth-orbit satellite terminal on the move", summary: "A flat-panel terminal that tracks low-earth-orbit constellations while the vehicle moves, switching between operators without interruption.", civil: "Trains, ships and remote construction sites.", defence: "Beyond-line-of-sight links for convoys and patrol boats.", keywords: "SATCOM, LEO, flat-panel antenna, communications on the move", confidential: "Hybrid beamforming chip and multi-orbit handover software.", annex: "5A001.b" },
    Template { areas: &["connectivity"], title: "Resilient navigation without GNSS", summary: "A navigation unit that fuses inertial sensors, terrain and signals of opportunity so that vehicles and drones know where they are when GNSS is jammed or spoofed.", civil: "Autonomous shipping, rail and agriculture.", defence: "Navigation in electronic warfare conditions.", keywords: "PNT, GNSS-denied, inertial navigation, anti-spoofing", confidential: "Signals-of-opportunity receiver using broadcast TV and LTE timing; 20 m error after one hour.", annex: "7A003" },
    Template { areas: &["connectivity", "artificial_intelligence"], title: "Cyber range for operational technology", summary: "A cyber range that reproduces ports, grids and bases as digital twins, so that defenders can train against realistic attacks on industrial control systems.", civil: "Utilities and port operators.", defence: "Cyber defence exercises and mission assurance.", keywords: "cyber security, cyber range, digital twin, industrial control systems", confidential: "Library of 140 attack scenarios recorded from real incidents.", annex: "" },
    // Sensing
    Template { areas: &["sensing"], title: "Passive radar using broadcast signals", summary: "A passive radar that tracks aircraft and drones from the reflections of radio and TV broadcasts, without transmitting anything itself.", civil: "Air-traffic surveillance at small airports.", defence: "Covert air surveillance and counter-drone early warning.", keywords: "passive radar, air surveillance, counter-drone, multistatic", confidential: "Reference-signal cleaning algorithm and a 64-channel receiver.", annex: "6A008" },
    Template { areas: &["sensing", "artificial_intelligence"], title: "Acoustic drone detection network", summary: "A network of microphone arrays that hears small drones before they are seen and locates them by triangulation.", civil: "Protection of airports, prisons and stadiums.", defence: "Counter-UAS early warning for bases and convoys.", keywords: "acoustic sensing, drone detection, counter-UAS, microphone array", confidential: "Classifier trained on 9 000 recordings of 60 drone types; 1.2 km detection range.", annex: "" },
    Template { areas: &["sensing"], title: "Hyperspectral imager for camouflage detection", summary: "A hyperspectral camera that tells camouflage nets and painted decoys from vegetation by their spectra.", civil: "Crop health, mineral exploration and pollution monitoring.", defence: "Reconnaissance and battle damage assessment.", keywords: "hyperspectral imaging, camouflage detection, reconnaissance, remote sensing", confidential: "Snapshot design with 150 bands on a 1.2 kg payload.", annex: "6A003.b" },
    Template { areas: &["sensing", "materials"], title: "Fibre-optic perimeter sensing", summary: "Distributed acoustic sensing over existing fibre cables that detects digging, footsteps and vehicles along tens of kilometres of perimeter.", civil: "Pipeline and railway monitoring.", defence: "Border and base perimeter security.", keywords: "distributed acoustic sensing, fibre optics, perimeter security, intrusion detection", confidential: "Phase-sensitive OTDR with event classification at 5 m resolution over 50 km.", annex: "" },
    // Space
    Template { areas: &["space"], title: "Synthetic aperture radar microsatellite", summary: "A 100 kg synthetic aperture radar satellite that images through clouds and at night with 50 cm resolution, built for launch in constellations.", civil: "Flood mapping, sea-ice monitoring and agriculture.", defence: "Persistent surveillance and maritime situational awareness.", keywords: "SAR, synthetic aperture radar, microsatellite, earth observation", confidential: "Deployable reflectarray antenna and onboard image formation.", annex: "9A004" },
    Template { areas: &["space", "energy"], title: "Green propulsion for small satellites", summary: "A non-toxic propulsion module for small satellites that replaces hydrazine, so that satellites can be fuelled without protective suits.", civil: "Commercial constellations and in-orbit servicing.", defence: "Manoeuvrable military satellites.", keywords: "space propulsion, green propellant, small satellites, manoeuvrability", confidential: "Catalyst bed and an ammonium dinitramide blend with 12 % higher specific impulse.", annex: "9A005" },
    Template { areas: &["space", "sensing"], title: "Space situational awareness telescope network", summary: "A network of robotic telescopes that tracks satellites and debris in every orbit and warns operators of close approaches.", civil: "Collision avoidance for satellite operators.", defence: "Space domain awareness and detection of hostile manoeuvres.", keywords: "space situational awareness, SSA, telescopes, orbit determination", confidential: "Orbit determination pipeline with 40 m accuracy in geostationary orbit.", annex: "" },
    Template { areas: &["space", "connectivity"], title: "Optical inter-satellite link terminal", summary: "A laser terminal that links satellites at 10 Gbit/s, hard to intercept and immune to radio jamming.", civil: "Data relay for earth-observation constellations.", defence: "Secure relay of imagery and command data.", keywords: "optical communication, laser link, inter-satellite link, anti-jamming", confidential: "Fine-pointing assembly with 1 µrad accuracy.", annex: "5A001" },
    // Energy
    Template { areas: &["energy"], title: "Hybrid power system for forward bases", summary: "Containerised solar, battery and generator power that cuts fuel use at camps by half and runs silently at night.", civil: "Mines, islands and disaster relief camps.", defence: "Forward operating bases and command posts.", keywords: "microgrid, hybrid power, fuel reduction, batteries", confidential: "Energy management software that learns the camp's load pattern.", annex: "" },
    Template { areas: &["energy", "materials"], title: "Sodium-ion battery for cold climates", summary: "Sodium-ion battery packs that keep 85 % of their capacity at −30 °C and use no cobalt or lithium.", civil: "Telecom backup and electric buses in the north.", defence: "Vehicle and radio power in arctic operations.", keywords: "sodium-ion, batteries, cold climate, energy storage", confidential: "Hard-carbon anode from forestry residues.", annex: "" },
    Template { areas: &["energy"], title: "Portable fuel cell for soldier systems", summary: "A methanol fuel cell that charges radios and night-vision batteries in the field for a week on two litres of fuel.", civil: "Off-grid sensors and leisure boats.", defence: "Dismounted soldier power and remote sensors.", keywords: "fuel cell, soldier power, portable energy, methanol", confidential: "Membrane electrode assembly with a 5 000-hour lifetime.", annex: "" },
    Template { areas: &["energy", "robotics"], title: "Wireless charging pads for drones", summary: "Weatherproof pads that charge drones wirelessly, so that surveillance drones can operate for weeks without anyone on site.", civil: "Inspection of pipelines, farms and solar parks.", defence: "Persistent drone surveillance of borders and bases.", keywords: "wireless charging, drone docking, persistent surveillance, energy", confidential: "Coil alignment tolerant to 8 cm landing error; 94 % transfer efficiency.", annex: "" },
    // Robotics
    Template { areas: &["robotics"], title: "Uncrewed surface vessel for harbour patrol", summary: "A 7-metre uncrewed surface vessel that patrols harbours autonomously, follows suspicious boats and relays video to the shore.", civil: "Port security and environmental monitoring.", defence: "Harbour protection and maritime surveillance.", keywords: "USV, uncrewed surface vessel, maritime autonomy, harbour security", confidential: "Collision-avoidance stack compliant with COLREGs, tested over 2 000 nautical miles.", annex: "8A001" },
    Template { areas: &["robotics", "artificial_intelligence"], title: "Mine-clearing robot for rough terrain", summary: "A tracked robot that finds and marks landmines with ground-penetrating radar and a metal detector, keeping deminers out of harm's way.", civil: "Humanitarian demining and unexploded ordnance clearance.", defence: "Route clearance and engineer support.", keywords: "demining, UGV, ground-penetrating radar, robotics", confidential: "Sensor fusion reducing false alarms by 70 % compared with a metal detector alone.", annex: "" },
    Template { areas: &["robotics"], title: "Exoskeleton for load carriage", summary: "A passive lower-body exoskeleton that takes 40 % of a heavy pack's load off the knees and back.", civil: "Logistics warehouses and construction sites.", defence: "Load carriage for infantry and logistics troops.", keywords: "exoskeleton, load carriage, soldier systems, ergonomics", confidential: "Spring-cam knee mechanism weighing 3.2 kg.", annex: "" },
    Template { areas: &["robotics", "connectivity"], title: "Drone swarm control software", summary: "Software that lets one operator task a swarm of 50 drones by mission rather than by joystick, with the swarm sharing work and avoiding collisions.", civil: "Search and rescue and wildfire mapping.", defence: "Reconnaissance and decoy swarms.", keywords: "drone swarm, autonomy, UAV, mission control", confidential: "Consensus-based task allocation tolerant to 30 % link loss.", annex: "9A012" },
    // Materials
    Template { areas: &["materials"], title: "Self-healing coating for naval hulls", summary: "A hull coating that closes scratches on its own and releases no biocides, cutting dry-dock time and corrosion.", civil: "Merchant ships and offshore platforms.", defence: "Availability of naval vessels.", keywords: "coatings, self-healing, corrosion, naval", confidential: "Microcapsule chemistry releasing a healing agent when the coating cracks.", annex: "" },
    Template { areas: &["materials"], title: "Ultra-high-molecular-weight polyethylene armour", summary: "Body-armour plates from European-made polyethylene fibre that stop rifle rounds at two thirds of the weight of ceramic plates.", civil: "Police and security services.", defence: "Body armour and vehicle spall liners.", keywords: "armour, UHMWPE, ballistic protection, body armour", confidential: "Fibre draw ratio and pressing cycle.", annex: "1C010.a" },
    Template { areas: &["materials", "semiconductors"], title: "Metamaterial radar-absorbing panels", summary: "Thin metamaterial panels that absorb radar waves across a wide band, reducing the radar signature of vehicles and masts.", civil: "Reducing wind-turbine interference with air-traffic radar.", defence: "Signature reduction of vehicles, ships and shelters.", keywords: "metamaterials, radar absorbing, stealth, signature management", confidential: "Resistive-ink pattern absorbing 20 dB from 2 to 18 GHz at 4 mm thickness.", annex: "1C001" },
    Template { areas: &["materials", "robotics"], title: "Additive manufacturing of spare parts in the field", summary: "A containerised metal 3D-printing cell that produces certified spare parts near the front instead of waiting weeks for shipments.", civil: "Mining, shipping and remote industry.", defence: "Battlefield repair and sustainment.", keywords: "additive manufacturing, 3D printing, spare parts, sustainment", confidential: "Library of 400 qualified part files and in-process quality monitoring.", annex: "" },
];

/// Settings a template is fielded in: (title suffix, a sentence on the setting, a keyword).
pub const SETTINGS: &[(&str, &str, &str)] = &[
    (
        "for the Baltic region",
        "Designed with Baltic armed forces for long winters, short days and a contested sea.",
        "Baltic",
    ),
    (
        "for maritime forces",
        "Hardened for salt spray and ship motion, and sized to fit patrol vessels.",
        "maritime",
    ),
    (
        "for border security",
        "Built to run unattended for months along land borders with little power and bandwidth.",
        "border security",
    ),
    (
        "for urban operations",
        "Tuned for cities, where buildings block signals and civilians are close by.",
        "urban",
    ),
];

/// What a TRL rests on, for TRL 2 to 9.
pub const EVIDENCE: [&str; 8] = [
    "Technology concept formulated and published in a peer-reviewed paper; first simulations.",
    "Experimental proof of concept: key functions shown in the laboratory.",
    "Breadboard validated in the laboratory against the main requirements.",
    "Prototype validated in a relevant environment at a national test centre.",
    "System prototype demonstrated in a relevant environment during a field trial.",
    "System prototype demonstrated in an operational environment during a military exercise.",
    "System complete and qualified; acceptance tests passed with a first customer.",
    "System proven in operational use by an armed force or a security agency.",
];
