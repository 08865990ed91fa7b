"""AQI tables carried from the standards (numbers only; the engine is in aqi.py).

- HJ 633-2012 环境空气质量指数（AQI）技术规定（试行）, Table 1 (IAQI breakpoints) and Table
  A.1 / 4.4 (levels, colours, health effects and measures); in force 2016-01-01 to
  2026-02-28.
- HJ 633-2026 环境空气质量指数（AQI）技术规定, Table 3 (breakpoints: PM10 120 and PM2.5 60
  at IAQI 100) and its level table; in force from 2026-03-01.
- US EPA AQI, 40 CFR 58 App. G as revised 2024-02-07 (89 FR 16202), EPA-454/B-24-002
  Table 6; PM2.5 2024 breakpoints, effective 2024-05-06.

Units: µg/m³ except CO in mg/m³ (China); US EPA tables in their own units (ppm, ppb,
µg/m³) with the truncation decimals of the EPA guide. English texts for the Chinese
levels are Lantian's translations; the Chinese text is normative.
"""

from __future__ import annotations

from datetime import date

HJ633_2026_IN_FORCE = date(2026, 3, 1)

# (pollutant, averaging) -> (concentration breakpoints, IAQI at those breakpoints)
HJ633_2012_BREAKPOINTS: dict[tuple[str, str], tuple[tuple[float, ...], tuple[int, ...]]] = {
    ("so2", "24h"): (
        (0, 50, 150, 475, 800, 1600, 2100, 2620),
        (0, 50, 100, 150, 200, 300, 400, 500),
    ),
    ("so2", "1h"): ((0, 150, 500, 650, 800), (0, 50, 100, 150, 200)),
    ("no2", "24h"): ((0, 40, 80, 180, 280, 565, 750, 940), (0, 50, 100, 150, 200, 300, 400, 500)),
    ("no2", "1h"): (
        (0, 100, 200, 700, 1200, 2340, 3090, 3840),
        (0, 50, 100, 150, 200, 300, 400, 500),
    ),
    ("pm10", "24h"): ((0, 50, 150, 250, 350, 420, 500, 600), (0, 50, 100, 150, 200, 300, 400, 500)),
    ("co", "24h"): ((0, 2, 4, 14, 24, 36, 48, 60), (0, 50, 100, 150, 200, 300, 400, 500)),
    ("co", "1h"): ((0, 5, 10, 35, 60, 90, 120, 150), (0, 50, 100, 150, 200, 300, 400, 500)),
    ("o3", "1h"): ((0, 160, 200, 300, 400, 800, 1000, 1200), (0, 50, 100, 150, 200, 300, 400, 500)),
    ("o3", "8h"): ((0, 100, 160, 215, 265, 800), (0, 50, 100, 150, 200, 300)),
    ("pm25", "24h"): ((0, 35, 75, 115, 150, 250, 350, 500), (0, 50, 100, 150, 200, 300, 400, 500)),
}

HJ633_2026_BREAKPOINTS: dict[tuple[str, str], tuple[tuple[float, ...], tuple[int, ...]]] = {
    ("so2", "24h"): (
        (0, 50, 150, 475, 800, 1600, 2100, 2620),
        (0, 50, 100, 150, 200, 300, 400, 500),
    ),
    ("so2", "1h"): ((0, 150, 500, 650, 800), (0, 50, 100, 150, 200)),
    ("no2", "24h"): ((0, 40, 80, 180, 280, 565, 750, 940), (0, 50, 100, 150, 200, 300, 400, 500)),
    ("no2", "1h"): (
        (0, 100, 200, 700, 1200, 2340, 3090, 3840),
        (0, 50, 100, 150, 200, 300, 400, 500),
    ),
    ("co", "24h"): ((0, 2, 4, 14, 24, 36, 48, 60), (0, 50, 100, 150, 200, 300, 400, 500)),
    ("co", "1h"): ((0, 5, 10, 35, 60, 90, 120, 150), (0, 50, 100, 150, 200, 300, 400, 500)),
    ("o3", "8h"): ((0, 100, 160, 215, 265, 800), (0, 50, 100, 150, 200, 300)),
    ("o3", "1h"): ((0, 160, 200, 300, 400, 800, 1000, 1200), (0, 50, 100, 150, 200, 300, 400, 500)),
    ("pm10", "24h"): ((0, 50, 120, 250, 350, 420, 500, 600), (0, 50, 100, 150, 200, 300, 400, 500)),
    ("pm25", "24h"): ((0, 35, 60, 115, 150, 250, 350, 500), (0, 50, 100, 150, 200, 300, 400, 500)),
}

HJ633_2012_LEVELS = (
    {
        "level": 1,
        "upper": 50,
        "category_zh": "优",
        "category_en": "Excellent",
        "color_hex": "#00E400",
        "color_zh": "绿色",
        "color_en": "green",
        "health_zh": "空气质量令人满意，基本无空气污染",
        "health_en": "Air quality is satisfactory; there is basically no air pollution.",
        "measures_zh": "各类人群可正常活动",
        "measures_en": "All groups can carry out normal activities.",
    },
    {
        "level": 2,
        "upper": 100,
        "category_zh": "良",
        "category_en": "Good",
        "color_hex": "#FFFF00",
        "color_zh": "黄色",
        "color_en": "yellow",
        "health_zh": "空气质量可接受，但某些污染物可能对极少数异常敏感人群健康有较弱影响",
        "health_en": "Air quality is acceptable, but some pollutants may have a weak effect on the "
        "health of a very small number of unusually sensitive people.",
        "measures_zh": "极少数异常敏感人群应减少户外活动",
        "measures_en": "A very small number of unusually sensitive people should reduce outdoor "
        "activities.",
    },
    {
        "level": 3,
        "upper": 150,
        "category_zh": "轻度污染",
        "category_en": "Lightly polluted",
        "color_hex": "#FF7E00",
        "color_zh": "橙色",
        "color_en": "orange",
        "health_zh": "易感人群症状有轻度加剧，健康人群出现刺激症状",
        "health_en": "Symptoms of susceptible people are slightly aggravated; healthy people show "
        "irritation symptoms.",
        "measures_zh": "儿童、老年人及心脏病、呼吸系统疾病患者应减少长时间、高强度的户外锻炼",
        "measures_en": "Children, the elderly and people with heart or respiratory disease should "
        "reduce prolonged, high-intensity outdoor exercise.",
    },
    {
        "level": 4,
        "upper": 200,
        "category_zh": "中度污染",
        "category_en": "Moderately polluted",
        "color_hex": "#FF0000",
        "color_zh": "红色",
        "color_en": "red",
        "health_zh": "进一步加剧易感人群症状，可能对健康人群心脏、呼吸系统有影响",
        "health_en": "Symptoms of susceptible people are further aggravated; the heart and "
        "respiratory system of healthy people may be affected.",
        "measures_zh": "儿童、老年人及心脏病、呼吸系统疾病患者避免长时间、高强度的户外锻练，一般人群适量减少户外运动",
        "measures_en": "Children, the elderly and people with heart or respiratory disease should "
        "avoid prolonged, high-intensity outdoor exercise; the general public should "
        "moderately reduce outdoor exercise.",
    },
    {
        "level": 5,
        "upper": 300,
        "category_zh": "重度污染",
        "category_en": "Heavily polluted",
        "color_hex": "#99004C",
        "color_zh": "紫色",
        "color_en": "purple",
        "health_zh": "心脏病和肺病患者症状显著加剧，运动耐受力降低，健康人群普遍出现症状",
        "health_en": "Symptoms of people with heart or lung disease are markedly aggravated and "
        "exercise tolerance falls; healthy people commonly show symptoms.",
        "measures_zh": "儿童、老年人和心脏病、肺病患者应停留在室内，停止户外运动，一般人群减少户外运动",
        "measures_en": "Children, the elderly and people with heart or lung disease should stay "
        "indoors and stop outdoor exercise; the general public should reduce outdoor "
        "exercise.",
    },
    {
        "level": 6,
        "upper": 500,
        "category_zh": "严重污染",
        "category_en": "Severely polluted",
        "color_hex": "#7E0023",
        "color_zh": "褐红色",
        "color_en": "maroon",
        "health_zh": "健康人群运动耐受力降低，有明显强烈症状，提前出现某些疾病",
        "health_en": "Exercise tolerance of healthy people falls, with obvious strong symptoms; some "
        "diseases may appear early.",
        "measures_zh": "儿童、老年人和病人应当留在室内，避免体力消耗，一般人群应避免户外活动",
        "measures_en": "Children, the elderly and the sick should stay indoors and avoid physical "
        "exertion; the general public should avoid outdoor activities.",
    },
)

HJ633_2026_LEVELS = (
    {
        "level": 1,
        "upper": 50,
        "category_zh": "优",
        "category_en": "Excellent",
        "color_hex": "#00E400",
        "color_zh": "绿色",
        "color_en": "green",
        "health_zh": "空气质量令人满意，基本无空气污染",
        "health_en": "Air quality is satisfactory; there is basically no air pollution.",
        "measures_zh": "各类人群可正常活动",
        "measures_en": "All groups can carry out normal activities.",
    },
    {
        "level": 2,
        "upper": 100,
        "category_zh": "良",
        "category_en": "Good",
        "color_hex": "#FFFF00",
        "color_zh": "黄色",
        "color_en": "yellow",
        "health_zh": "空气质量可接受，但某些污染物可能对极少数异常敏感人群健康有较弱影响",
        "health_en": "Air quality is acceptable, but some pollutants may have a weak effect on the "
        "health of a very small number of unusually sensitive people.",
        "measures_zh": "极少数异常敏感人群应减少户外活动",
        "measures_en": "A very small number of unusually sensitive people should reduce outdoor "
        "activities.",
    },
    {
        "level": 3,
        "upper": 150,
        "category_zh": "轻度污染",
        "category_en": "Lightly polluted",
        "color_hex": "#FF7E00",
        "color_zh": "橙色",
        "color_en": "orange",
        "health_zh": "敏感人群症状有轻度加剧，健康人群出现刺激症状",
        "health_en": "Symptoms of sensitive people are slightly aggravated; healthy people show "
        "irritation symptoms.",
        "measures_zh": "青少年儿童、老年人及心血管系统疾病、呼吸系统疾病患者应减少长时间、高强度的户外锻炼",
        "measures_en": "Children and adolescents, the elderly and people with cardiovascular or "
        "respiratory disease should reduce prolonged, high-intensity outdoor "
        "exercise.",
    },
    {
        "level": 4,
        "upper": 200,
        "category_zh": "中度污染",
        "category_en": "Moderately polluted",
        "color_hex": "#FF0000",
        "color_zh": "红色",
        "color_en": "red",
        "health_zh": "进一步加剧敏感人群症状，可能对健康人群心血管系统、呼吸系统有影响",
        "health_en": "Symptoms of sensitive people are further aggravated; the cardiovascular and "
        "respiratory systems of healthy people may be affected.",
        "measures_zh": "青少年儿童、老年人及心血管系统疾病、呼吸系统疾病患者避免长时间、高强度的户外锻炼，一般人群适量减少户外运动",
        "measures_en": "Children and adolescents, the elderly and people with cardiovascular or "
        "respiratory disease should avoid prolonged, high-intensity outdoor exercise; "
        "the general public should moderately reduce outdoor exercise.",
    },
    {
        "level": 5,
        "upper": 300,
        "category_zh": "重度污染",
        "category_en": "Heavily polluted",
        "color_hex": "#99004C",
        "color_zh": "紫色",
        "color_en": "purple",
        "health_zh": "心血管系统和呼吸系统患者症状显著加剧，运动耐受力降低，健康人群普遍出现症状",
        "health_en": "Symptoms of people with cardiovascular or respiratory disease are markedly "
        "aggravated and exercise tolerance falls; healthy people commonly show "
        "symptoms.",
        "measures_zh": "青少年儿童、老年人和心血管系统疾病、呼吸系统疾病患者应停留在室内，停止户外运动，一般人群减少户外运动",
        "measures_en": "Children and adolescents, the elderly and people with cardiovascular or "
        "respiratory disease should stay indoors and stop outdoor exercise; the "
        "general public should reduce outdoor exercise.",
    },
    {
        "level": 6,
        "upper": 500,
        "category_zh": "严重污染",
        "category_en": "Severely polluted",
        "color_hex": "#7E0023",
        "color_zh": "褐红色",
        "color_en": "maroon",
        "health_zh": "健康人群运动耐受力降低，有明显强烈症状，提前出现某些疾病",
        "health_en": "Exercise tolerance of healthy people falls, with obvious strong symptoms; some "
        "diseases may appear early.",
        "measures_zh": "青少年儿童、老年人和病人应当留在室内，避免体力消耗，一般人群应避免户外活动",
        "measures_en": "Children and adolescents, the elderly and the sick should stay indoors and "
        "avoid physical exertion; the general public should avoid outdoor "
        "activities.",
    },
)

# name -> (unit, truncation decimals, rows of (C_lo, C_hi, I_lo, I_hi))
US_EPA_BREAKPOINTS: dict[str, tuple[str, int, tuple[tuple[float, float, int, int], ...]]] = {
    "O3_8h": (
        "ppm",
        3,
        (
            (0.0, 0.054, 0, 50),
            (0.055, 0.07, 51, 100),
            (0.071, 0.085, 101, 150),
            (0.086, 0.105, 151, 200),
            (0.106, 0.2, 201, 300),
        ),
    ),
    "O3_1h": (
        "ppm",
        3,
        (
            (0.125, 0.164, 101, 150),
            (0.165, 0.204, 151, 200),
            (0.205, 0.404, 201, 300),
            (0.405, 0.604, 301, 500),
        ),
    ),
    "PM2.5_24h": (
        "ug/m3",
        1,
        (
            (0.0, 9.0, 0, 50),
            (9.1, 35.4, 51, 100),
            (35.5, 55.4, 101, 150),
            (55.5, 125.4, 151, 200),
            (125.5, 225.4, 201, 300),
            (225.5, 325.4, 301, 500),
        ),
    ),
    "PM10_24h": (
        "ug/m3",
        0,
        (
            (0, 54, 0, 50),
            (55, 154, 51, 100),
            (155, 254, 101, 150),
            (255, 354, 151, 200),
            (355, 424, 201, 300),
            (425, 604, 301, 500),
        ),
    ),
    "CO_8h": (
        "ppm",
        1,
        (
            (0.0, 4.4, 0, 50),
            (4.5, 9.4, 51, 100),
            (9.5, 12.4, 101, 150),
            (12.5, 15.4, 151, 200),
            (15.5, 30.4, 201, 300),
            (30.5, 50.4, 301, 500),
        ),
    ),
    "SO2_1h": (
        "ppb",
        0,
        ((0, 35, 0, 50), (36, 75, 51, 100), (76, 185, 101, 150), (186, 304, 151, 200)),
    ),
    "SO2_24h_for_aqi_ge_200": ("ppb", 0, ((305, 604, 201, 300), (605, 1004, 301, 500))),
    "NO2_1h": (
        "ppb",
        0,
        (
            (0, 53, 0, 50),
            (54, 100, 51, 100),
            (101, 360, 101, 150),
            (361, 649, 151, 200),
            (650, 1249, 201, 300),
            (1250, 2049, 301, 500),
        ),
    ),
}

US_EPA_CATEGORIES = (
    {"upper": 50, "name": "Good", "color": "Green", "color_hex": "#00E400"},
    {"upper": 100, "name": "Moderate", "color": "Yellow", "color_hex": "#FFFF00"},
    {
        "upper": 150,
        "name": "Unhealthy for Sensitive Groups",
        "color": "Orange",
        "color_hex": "#FF7E00",
    },
    {"upper": 200, "name": "Unhealthy", "color": "Red", "color_hex": "#FF0000"},
    {"upper": 300, "name": "Very Unhealthy", "color": "Purple", "color_hex": "#8F3F97"},
    {"upper": 500, "name": "Hazardous", "color": "Maroon", "color_hex": "#7E0023"},
)

# Molecular weights (g/mol) and molar volume at 25 °C, 1 atm, to turn µg/m³ into ppb.
MOLAR_VOLUME_L = 24.45
MOLECULAR_WEIGHT = {"o3": 48.00, "no2": 46.01, "so2": 64.07, "co": 28.01}
